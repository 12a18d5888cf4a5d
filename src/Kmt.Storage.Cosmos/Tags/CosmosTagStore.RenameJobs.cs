using Kmt.Core.Tags;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;
using static Kmt.Storage.Cosmos.CosmosOperations;

namespace Kmt.Storage.Cosmos.Tags;

public sealed partial class CosmosTagStore
{
    public async Task SaveRenameJobAsync(TagRenameJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var document = new TagRenameJobDocument
        {
            Id = TagRenameJobDocument.IdFor(job.TagId),
            UserId = job.UserId,
            TagId = job.TagId,
            OldName = job.OldName,
            NewName = job.NewName,
            RequestedAt = CosmosJson.Time(job.RequestedAt),
            LastAttemptAt = CosmosJson.Time(job.LastAttemptAt),
            Attempts = job.Attempts,
            TagsMoved = job.TagsMoved,
        };
        await UpsertAsync(await Container(cancellationToken).ConfigureAwait(false), document, job.UserId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TagRenameJob?> GetRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        var document = await ReadAsync<TagRenameJobDocument>(await Container(cancellationToken).ConfigureAwait(false), TagRenameJobDocument.IdFor(tagId), userId, cancellationToken).ConfigureAwait(false);
        return document is { Type: TagRenameJobDocument.RenameType } && document.UserId == userId ? ToJob(document) : null;
    }

    public async Task DeleteRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken) =>
        await CosmosOperations.DeleteAsync(await Container(cancellationToken).ConfigureAwait(false), TagRenameJobDocument.IdFor(tagId), userId, cancellationToken).ConfigureAwait(false);

    /// <summary>A cross-partition query (the sweep's only one), sorted here: the local server has no cross-partition ORDER BY.</summary>
    public async Task<IReadOnlyList<TagRenameJob>> ListStalledRenameJobsAsync(DateTimeOffset lastAttemptBefore, int take, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        var container = await Container(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type AND c.lastAttemptAt < @before")
            .WithParameter("@type", TagRenameJobDocument.RenameType)
            .WithParameter("@before", CosmosJson.Time(lastAttemptBefore));
        var found = new List<TagRenameJobDocument>();
        using var iterator = container.GetItemQueryIterator<TagRenameJobDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 100 });
        while (iterator.HasMoreResults)
        {
            found.AddRange(await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false));
        }

        return found.OrderBy(d => d.LastAttemptAt, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Take(take).Select(ToJob).ToList();
    }

    private static TagRenameJob ToJob(TagRenameJobDocument d) => new()
    {
        UserId = d.UserId,
        TagId = d.TagId,
        OldName = d.OldName,
        NewName = d.NewName,
        RequestedAt = CosmosJson.ParseTime(d.RequestedAt),
        LastAttemptAt = CosmosJson.ParseTime(d.LastAttemptAt),
        Attempts = d.Attempts,
        TagsMoved = d.TagsMoved,
    };
}
