using Kmt.Core.Common;
using Kmt.Core.Privacy;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryPrivacyStore : IPrivacyStore
{
    public Dictionary<string, UserConsents> Consents { get; } = new();

    public Dictionary<(string UserId, string Id), ExportJob> Exports { get; } = new();

    public Dictionary<string, ErasureJob> Erasures { get; } = new();

    public Task<UserConsents?> GetConsentsAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Consents.GetValueOrDefault(userId));

    public Task SaveConsentsAsync(UserConsents consents, string? expectedETag, CancellationToken cancellationToken)
    {
        var stored = Consents.GetValueOrDefault(consents.UserId);
        if (stored?.ETag != expectedETag)
        {
            throw KmtException.PreconditionFailed();
        }

        Consents[consents.UserId] = consents;
        return Task.CompletedTask;
    }

    public Task CreateExportAsync(ExportJob job, CancellationToken cancellationToken)
    {
        Exports.Add((job.UserId, job.Id), job);
        return Task.CompletedTask;
    }

    public Task<ExportJob?> GetExportAsync(string userId, string exportId, CancellationToken cancellationToken) => Task.FromResult(Exports.GetValueOrDefault((userId, exportId)));

    public Task ReplaceExportAsync(ExportJob job, CancellationToken cancellationToken)
    {
        Exports[(job.UserId, job.Id)] = job;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ExportJob>> ListExportsAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExportJob>>(Exports.Values.Where(e => e.UserId == userId).OrderByDescending(e => e.CreatedAt).ToList());

    public Task UpsertErasureAsync(ErasureJob job, CancellationToken cancellationToken)
    {
        Erasures[job.UserId] = job;
        return Task.CompletedTask;
    }

    public Task<ErasureJob?> GetErasureAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Erasures.GetValueOrDefault(userId));

    public Task<IReadOnlyList<ErasureJob>> ListUnfinishedErasuresAsync(DateTimeOffset before, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ErasureJob>>(Erasures.Values.Where(j => j.CompletedAt is null && (j.LastAttemptAt ?? j.RequestedAt) < before).Take(take).ToList());
}
