using Kmt.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// Brings one person's similar_to edges in line with their items' embeddings (a graph step of the
/// nightly run; docs/design/graph.md, "Knowledge graph"): reads the live item vertices and current
/// similar_to records in one snapshot, each item's chunk vectors from the embedding store search uses,
/// diffs with <see cref="SimilarItemEdges"/> and writes one batch. Items without vectors yet take no
/// part. Idempotent: a second run over unchanged items writes nothing.
/// </summary>
public sealed class SimilarItemsRefresher(IGraphStore graph, IEmbeddingStore embeddings, IOptions<GraphOptions> options, TimeProvider timeProvider, ILogger<SimilarItemsRefresher> logger)
{
    /// <summary>Items whose vectors one embedding query reads.</summary>
    private const int PageSize = 250;

    /// <summary>Returns the number of edge records written (inserted, updated or expired).</summary>
    public async Task<int> RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var read = await DerivedEdgeSnapshot.ReadAsync(graph, userId, GraphEdgeLabels.SimilarTo, limits.CoOccurrenceMaxVertices, now, cancellationToken).ConfigureAwait(false);
        var vectors = new List<ItemVector?>(read.Items.Count);
        foreach (var page in read.Items.Order(StringComparer.Ordinal).Chunk(PageSize))
        {
            // One query per page of items (IEmbeddingStore.GetManyAsync), not one per item.
            var chunks = await embeddings.GetManyAsync(userId, page, cancellationToken).ConfigureAwait(false);
            vectors.AddRange(page.Select(id => ItemVector.FromChunks(id, chunks.TryGetValue(id, out var found) ? found : [])));
        }

        var batch = SimilarItemEdges.Build(userId, vectors.OfType<ItemVector>().ToList(), read.Current, limits.SimilarToMinCosine, limits.SimilarToTopK, now, closeMissing: !read.Truncated);
        if (read.Truncated)
        {
            logger.LogWarning("similar_to of user {UserId}: the graph was read truncated; no pair is closed", userId);
        }

        await graph.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch.EdgeExpirations.Count + batch.EdgeInserts.Count + batch.EdgeUpdates.Count;
    }
}
