using System.Text.Json;
using System.Text.Json.Serialization;
using Kmt.Core.Common;
using Kmt.Core.Import;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosJson;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Import;

/// <summary>
/// Import jobs in container privacy, the user's partition, type "import" (Documents/PrivacyDocuments.cs):
/// erased with the account like export jobs.
/// </summary>
public sealed class CosmosImportStore(CosmosDatabase database) : IImportStore
{
    private const string IdPrefix = "import:";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public async Task CreateAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!await TryCreateAsync(await ContainerAsync(cancellationToken).ConfigureAwait(false), ToDocument(job), job.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.Conflict("An import with this id already exists.");
        }
    }

    public async Task<ImportJob?> GetAsync(string userId, string importId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<ImportJobDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), IdPrefix + importId, userId, cancellationToken).ConfigureAwait(false);
        return document is { Type: "import" } ? FromDocument(document) : null;
    }

    public async Task ReplaceAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var container = await ContainerAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryReplaceAsync(container, ToDocument(job), IdPrefix + job.Id, job.UserId, null, "Import", cancellationToken).ConfigureAwait(false))
        {
            throw KmtException.NotFound("Import");
        }
    }

    public async Task<IReadOnlyList<ImportJob>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u AND c.type = 'import'").WithParameter("@u", userId);
        var documents = await QueryAsync<ImportJobDocument>(await ContainerAsync(cancellationToken).ConfigureAwait(false), query, userId, null, cancellationToken).ConfigureAwait(false);
        return documents.Select(FromDocument).OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToList();
    }

    private static ImportJobDocument ToDocument(ImportJob job) => new()
    {
        Id = IdPrefix + job.Id,
        UserId = job.UserId,
        CreatedAt = Time(job.CreatedAt),
        Job = JsonSerializer.Serialize(job, Json),
    };

    private static ImportJob FromDocument(ImportJobDocument d) => JsonSerializer.Deserialize<ImportJob>(d.Job, Json)!;

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(ContainerDefinitions.Privacy, cancellationToken);
}
