using System.Text.Json;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Graph;

/// <summary>
/// Brings the graph in line with one item as it is stored now, whatever happened to it (create,
/// replace, trash, restore, ingestion, permanent delete), then clears the item's pending mark for
/// the ETag it applied. Reading the item's current state rather than a described change makes it
/// idempotent and order-free: a duplicate or late queue message does nothing wrong.
/// </summary>
/// <remarks>
/// An imported note's [[wikilinks]] (metadata.wikilinks, docs/api.md "Import") become links_to edges of type
/// "wikilink" to the live items whose source_id they name; a link whose note is not stored is left out, and is
/// picked up the next time this item is applied (an import queues its notes only after storing all of them).
/// </remarks>
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
            var resolution = await resolver.ResolveAsync(item.UserId, found, item.UpdatedAt, cancellationToken, item.Id).ConfigureAwait(false);
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

            foreach (var target in await LinkedItemsAsync(item, cancellationToken).ConfigureAwait(false))
            {
                desired.Add(new DesiredEdge(GraphEdgeLabels.LinksTo, target.Id, RelationshipType: GraphBuilder.WikilinkType));
                if (await graph.GetVertexAsync(item.UserId, target.Id, cancellationToken).ConfigureAwait(false) is null)
                {
                    // The target's own change may still be on the queue: a minimal vertex now, which its applier completes.
                    targets.Add(new GraphVertex
                    {
                        Id = target.Id, UserId = target.UserId, Kind = GraphVertexKinds.Item, Name = target.Title,
                        ValidFrom = target.CreatedAt, ValidTo = target.DeletedAt, RecordedAt = now, UpdatedAt = now,
                    });
                }
            }
        }

        var batch = GraphBuilder.Build(item, existing, current, desired, targets, now);
        await graph.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);

        // The item was read before the write: a permanent delete that ran in between removed the vertex
        // first and the item last, so what was just written may belong to an item that no longer exists.
        // Checking after the write closes that race (the delete removes the vertex again after the item).
        if (await items.GetAsync(key.UserId, key.ItemId, cancellationToken).ConfigureAwait(false) is null)
        {
            await graph.DeleteVertexAsync(key.UserId, key.ItemId, cancellationToken).ConfigureAwait(false);
            return GraphApplyOutcome.Removed;
        }

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

    /// <summary>The distinct live items (other than this one) whose source_id one of the item's wikilinks names.</summary>
    private async Task<IReadOnlyList<KnowledgeItem>> LinkedItemsAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        var found = new List<KnowledgeItem>();
        foreach (var sourceId in WikilinkSourceIds(item.MetadataJson))
        {
            var target = await items.FindBySourceIdAsync(item.UserId, sourceId, cancellationToken).ConfigureAwait(false);
            if (target is { DeletedAt: null } && target.UserId == item.UserId && target.Id != item.Id && found.All(f => f.Id != target.Id))
            {
                found.Add(target);
            }
        }

        return found;
    }

    /// <summary>The source ids named by metadata.wikilinks[].source_id, in order, without duplicates; anything malformed is ignored.</summary>
    private static IReadOnlyList<string> WikilinkSourceIds(string? metadataJson)
    {
        if (string.IsNullOrWhiteSpace(metadataJson))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("wikilinks", out var links) || links.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return links.EnumerateArray()
                .Where(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("source_id", out var s) && s.ValueKind == JsonValueKind.String)
                .Select(l => l.GetProperty("source_id").GetString()!)
                .Where(s => s.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
