using System.Net;
using Kmt.Core.Common;
using Kmt.Storage.Cosmos.Documents;
using Microsoft.Azure.Cosmos;

namespace Kmt.Storage.Cosmos;

/// <summary>
/// The few Cosmos DB calls every store makes: point reads (404 is null), queries within one partition
/// (continuation tokens followed until the caller has enough), counts, and writes guarded by _etag.
/// </summary>
internal static class CosmosOperations
{
    /// <summary>Point read; null when the document does not exist. The result carries Cosmos DB's _etag.</summary>
    public static async Task<T?> ReadAsync<T>(Container container, string id, string partitionKey, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            var document = response.Resource;
            SetSystemETag(document, response.ETag);
            return document;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the document; false when one with its id already exists (409).</summary>
    public static async Task<bool> TryCreateAsync<T>(Container container, T document, string partitionKey, CancellationToken cancellationToken)
        where T : class
    {
        ClearSystemETag(document);
        try
        {
            await container.CreateItemAsync(document, new PartitionKey(partitionKey), NoContent, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            throw TooLarge(ex);
        }
    }

    /// <summary>Cosmos DB's 2 MB item limit, as the error callers can act on (never retried: the same document never fits).</summary>
    private static KmtException TooLarge(CosmosException ex) =>
        new(ErrorCode.PayloadTooLarge, $"The document is larger than a Cosmos DB item may be ({ex.Message.Split('\n')[0]}).");

    /// <summary>Replaces the document if it is still at <paramref name="systemETag"/>; false on 412 (someone wrote first); NOT_FOUND when it is gone.</summary>
    public static async Task<bool> TryReplaceAsync<T>(Container container, T document, string id, string partitionKey, string? systemETag, string what, CancellationToken cancellationToken)
        where T : class
    {
        ClearSystemETag(document);
        try
        {
            await container.ReplaceItemAsync(document, id, new PartitionKey(partitionKey), IfMatch(systemETag), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw KmtException.NotFound(what);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            throw TooLarge(ex);
        }
    }

    public static async Task UpsertAsync<T>(Container container, T document, string partitionKey, CancellationToken cancellationToken)
        where T : class
    {
        ClearSystemETag(document);
        await container.UpsertItemAsync(document, new PartitionKey(partitionKey), NoContent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the document; false when it did not exist.</summary>
    public static async Task<bool> DeleteAsync(Container container, string id, string partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs a query in one partition and returns up to <paramref name="take"/> results (all when null),
    /// following continuation tokens; stops reading as soon as it has enough.
    /// </summary>
    public static async Task<List<T>> QueryAsync<T>(Container container, QueryDefinition query, string partitionKey, int? take, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        if (take is <= 0)
        {
            return results;
        }

        var options = new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(partitionKey),
            MaxItemCount = take is { } t ? Math.Min(t, 1000) : 1000,
        };
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in page)
            {
                results.Add(item);
                if (take is { } limit && results.Count >= limit)
                {
                    return results;
                }
            }
        }

        return results;
    }

    /// <summary>SELECT VALUE COUNT(1) ... in one partition.</summary>
    public static async Task<long> CountAsync(Container container, QueryDefinition query, string partitionKey, CancellationToken cancellationToken)
    {
        var counts = await QueryAsync<long>(container, query, partitionKey, null, cancellationToken).ConfigureAwait(false);
        return counts.Sum();
    }

    public static ItemRequestOptions IfMatch(string? systemETag) => new() { IfMatchEtag = systemETag, EnableContentResponseOnWrite = false };

    public static ItemRequestOptions NoContent => new() { EnableContentResponseOnWrite = false };

    private static void SetSystemETag<T>(T document, string? etag)
    {
        switch (document)
        {
            case CosmosDocument d when etag is not null:
                d.SystemETag = etag;
                break;
            case UserKeyDocument k when etag is not null:
                k.SystemETag = etag;
                break;
        }
    }

    private static void ClearSystemETag<T>(T document)
    {
        switch (document)
        {
            case CosmosDocument d:
                d.SystemETag = null;
                break;
            case UserKeyDocument k:
                k.SystemETag = null;
                break;
        }
    }
}
