using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosJson;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Privacy;

/// <summary>
/// Consents, export jobs and erasure jobs in container privacy (documents in Documents/PrivacyDocuments.cs).
/// Consents are guarded by their _etag; erasure jobs live in partition <see cref="ErasurePartition"/>.
/// </summary>
public sealed class CosmosPrivacyStore(CosmosDatabase database) : IPrivacyStore
{
    /// <summary>The partition of every erasure job: never a user id (ids are UUIDs).</summary>
    public const string ErasurePartition = "erasure-jobs";

    private const string ConsentsId = "consents";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task<UserConsents?> GetConsentsAsync(string userId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<ConsentsDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), ConsentsId, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : new UserConsents
        {
            UserId = userId,
            Purposes = document.Purposes.Select(p => new ConsentState(p.Purpose, p.Granted, ParseTime(p.GivenAt, true), ParseTime(p.WithdrawnAt, true))).ToList(),
            UpdatedAt = ParseTime(document.UpdatedAt),
            ETag = document.ETag,
        };
    }

    public async Task SaveConsentsAsync(UserConsents consents, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consents);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        var document = new ConsentsDocument
        {
            Id = ConsentsId,
            UserId = consents.UserId,
            Purposes = consents.Purposes.Select(p => new ConsentDocumentState { Purpose = p.Purpose, Granted = p.Granted, GivenAt = Time(p.GivenAt), WithdrawnAt = Time(p.WithdrawnAt) }).ToList(),
            UpdatedAt = Time(consents.UpdatedAt),
            ETag = consents.ETag,
        };

        if (expectedETag is null)
        {
            if (!await TryCreateAsync(container, document, consents.UserId, cancellationToken).ConfigureAwait(false))
            {
                throw KmtException.PreconditionFailed();
            }

            return;
        }

        var current = await ReadAsync<ConsentsDocument>(container, ConsentsId, consents.UserId, cancellationToken).ConfigureAwait(false);
        if (current is null || !string.Equals(current.ETag, expectedETag, StringComparison.Ordinal)
            || !await TryReplaceAsync(container, document, ConsentsId, consents.UserId, current.SystemETag, "Consents", cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.PreconditionFailed();
        }
    }

    public async Task CreateExportAsync(ExportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!await TryCreateAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), ToDocument(job), job.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.Conflict("An export with this id already exists.");
        }
    }

    public async Task<ExportJob?> GetExportAsync(string userId, string exportId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<ExportJobDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), "export:" + exportId, userId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : FromDocument(document);
    }

    public async Task ReplaceExportAsync(ExportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryReplaceAsync(container, ToDocument(job), "export:" + job.Id, job.UserId, null, "Export", cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.PreconditionFailed();
        }
    }

    public async Task<IReadOnlyList<ExportJob>> ListExportsAsync(string userId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'export'").WithParameter("@u", userId);
        var documents = await QueryAsync<ExportJobDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(FromDocument).OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToList();
    }

    public async Task UpsertErasureAsync(ErasureJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var document = new ErasureJobDocument
        {
            Id = job.UserId,
            UserId = ErasurePartition,
            RequestedAt = Time(job.RequestedAt),
            LastAttemptAt = Time(job.LastAttemptAt),
            DueAt = Time(job.LastAttemptAt ?? job.RequestedAt),
            Attempts = job.Attempts,
            CompletedAt = Time(job.CompletedAt),
            Done = job.CompletedAt is not null,
        };
        await UpsertAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), document, ErasurePartition, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ErasureJob?> GetErasureAsync(string userId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<ErasureJobDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), userId, ErasurePartition, cancellationToken).ConfigureAwait(false);
        return document is null ? null : FromDocument(document);
    }

    public async Task<IReadOnlyList<ErasureJob>> ListUnfinishedErasuresAsync(DateTimeOffset before, int take, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @p AND c.type = 'erasure' AND c.done = false AND c.dueAt < @before")
            .WithParameter("@p", ErasurePartition).WithParameter("@before", Time(before));
        var documents = await QueryAsync<ErasureJobDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, ErasurePartition, take, cancellationToken).ConfigureAwait(false);
        return documents.Select(FromDocument).ToList();
    }

    private static ErasureJob FromDocument(ErasureJobDocument d) => new()
    {
        UserId = d.Id,
        RequestedAt = ParseTime(d.RequestedAt),
        LastAttemptAt = ParseTime(d.LastAttemptAt, true),
        Attempts = d.Attempts,
        CompletedAt = ParseTime(d.CompletedAt, true),
    };

    private static ExportJobDocument ToDocument(ExportJob job) => new()
    {
        Id = "export:" + job.Id,
        UserId = job.UserId,
        CreatedAt = Time(job.CreatedAt),
        Job = JsonSerializer.Serialize(job, Json),
    };

    private static ExportJob FromDocument(ExportJobDocument d) => JsonSerializer.Deserialize<ExportJob>(d.Job, Json)!;

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Privacy, cancellationToken);
}
