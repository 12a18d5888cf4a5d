using Kmt.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Graph;

/// <summary>
/// Brings the graph in line with one item as it is stored now, whatever happened to it (create,
/// replace, trash, restore, ingestion, permanent delete), then clears the item's pending mark for
/// the ETag it applied. Reading the item's current state rather than a described change makes it
/// idempotent and order-free: a duplicate or late queue message does nothing wrong.
/// </summary>
public sealed class GraphChangeApplier(
    IKnowledgeStore items,
    IGraphStore graph,
    ItemMentionExtractor mentions,
    EntityResolver resolver,
    TimeProvider timeProvider,
    ILogger<GraphChangeApplier> logger)
{
    public async Task<GraphApplyOutcome> ApplyAsync(ItemKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var item = await items.GetAsync(key.UserId, key.ItemId, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return await graph.DeleteVertexAsync(key.UserId, key.ItemId, cancellationToken).ConfigureAwait(false)
                ? GraphApplyOutcome.Removed
                : GraphApplyOutcome.Unchanged;
        }

        var now = timeProvider.GetUtcNow();
        var existing = await graph.GetVertexAsync(item.UserId, item.Id, cancellationToken).ConfigureAwait(false);
        var current = await graph.GetCurrentEdgesAsync(item.UserId, item.Id, null, cancellationToken).ConfigureAwait(false);
        var desired = new List<DesiredEdge>();
        var targets = new List<GraphVertex>();
        if (item.DeletedAt is null)
        {
            var found = await mentions.ExtractAsync(item, cancellationToken).ConfigureAwait(false);
            var resolution = await resolver.ResolveAsync(item.UserId, found, item.UpdatedAt, cancellationToken).ConfigureAwait(false);
            targets.AddRange(resolution.Upserts);
            foreach (var mention in found)
            {
                if (resolution.ByKey.TryGetValue(EntityNames.Key(mention.Text), out var entity))
                {
                    desired.Add(new DesiredEdge(GraphEdgeLabels.Mentions, entity.Id, mention.Count));
                }
            }

            foreach (var tag in item.Tags)
            {
                var id = GraphIds.Tag(tag);
                desired.Add(new DesiredEdge(GraphEdgeLabels.Tagged, id));
                if (await graph.GetVertexAsync(item.UserId, id, cancellationToken).ConfigureAwait(false) is null)
                {
                    targets.Add(new GraphVertex
                    {
                        Id = id, UserId = item.UserId, Kind = GraphVertexKinds.Tag, Name = tag, NormalizedName = tag,
                        ValidFrom = item.UpdatedAt, RecordedAt = now, UpdatedAt = now,
                    });
                }
            }
        }

        var batch = GraphBuilder.Build(item, existing, current, desired, targets, now);
        await graph.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
        if (item.GraphPendingSince is not null)
        {
            await items.ClearGraphPendingAsync(item.UserId, item.Id, item.ETag, cancellationToken).ConfigureAwait(false);
        }

        if (!batch.IsEmpty)
        {
            logger.LogDebug(
                "Graph of item {ItemId}: {Vertices} vertices written, {Closed} edges closed, {Inserted} records inserted, {Updated} updated",
                item.Id, batch.VertexUpserts.Count, batch.EdgeExpirations.Count, batch.EdgeInserts.Count, batch.EdgeUpdates.Count);
        }

        return batch.IsEmpty ? GraphApplyOutcome.Unchanged : GraphApplyOutcome.Applied;
    }
}
