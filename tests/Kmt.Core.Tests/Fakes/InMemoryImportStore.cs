using Kmt.Core.Common;
using Kmt.Core.Import;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryImportStore : IImportStore
{
    public Dictionary<(string UserId, string Id), ImportJob> Jobs { get; } = new();

    public Task CreateAsync(ImportJob job, CancellationToken cancellationToken) =>
        Jobs.TryAdd((job.UserId, job.Id), job) ? Task.CompletedTask : throw KmtException.Conflict("An import with this id already exists.");

    public Task<ImportJob?> GetAsync(string userId, string importId, CancellationToken cancellationToken) => Task.FromResult(Jobs.GetValueOrDefault((userId, importId)));

    public Task ReplaceAsync(ImportJob job, CancellationToken cancellationToken)
    {
        if (!Jobs.ContainsKey((job.UserId, job.Id)))
        {
            throw KmtException.NotFound("Import");
        }

        Jobs[(job.UserId, job.Id)] = job;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ImportJob>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ImportJob>>(Jobs.Values.Where(j => j.UserId == userId).OrderByDescending(j => j.CreatedAt).ToList());
}
