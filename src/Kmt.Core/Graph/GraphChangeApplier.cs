using System.Text.Json;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    ILogger<GraphChangeApplier> logger,
    IOptions<GraphOptions>? graphOptions = null)
{
    private readonly IOptions<GraphOptions> options = graphOptions ?? Options.Create(new GraphOptions());

    /// <summary>Applies one item's change (<see cref="ApplyManyAsync"/> with one key).</summary>
    public async Task<GraphApplyOutcome> ApplyAsync(ItemKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (await ApplyManyAsync([key], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// The live path (one graph-changes message, docs/design/graph.md "Keeping the graph current"): the message wakes
    /// the applier for its person, which applies the message's item with all that person's other pending items (at
    /// most <see cref="GraphOptions.LiveBatchSize"/>) in one batch. The messages of items an earlier batch applied
    /// then find their item's mark clear and do nothing (the mark is cleared only for the ETag the graph reflects,
    /// so a clear mark means the graph is current); a permanent delete leaves no item and is always applied. If the
    /// batch fails, the message's item is applied alone, so one broken item fails only its own message (the host
    /// retries it; the marks of the others keep them for their own messages and the nightly reconciliation).
    /// </summary>
    public async Task<GraphApplyOutcome> ApplyPendingAsync(ItemKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var size = Math.Max(1, options.Value.LiveBatchSize);
        IReadOnlyList<ItemKey> pending = size == 1 ? [] : await items.ListGraphPendingForUserAsync(key.UserId, size, cancellationToken).ConfigureAwait(false);
        if (!pending.Contains(key))
        {
            var item = await items.GetAsync(key.UserId, key.ItemId, cancellationToken).ConfigureAwait(false);
            if (item is { GraphPendingSince: null })
            {
                return GraphApplyOutcome.Unchanged; // an earlier batch applied it (or this message is a duplicate)
            }
        }

        var keys = new List<ItemKey>(pending.Count + 1) { key };
        keys.AddRange(pending.Where(p => p != key).Take(size - 1));
        if (keys.Count == 1)
        {
            return await ApplyAsync(key, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return (await ApplyManyAsync(keys, cancellationToken).ConfigureAwait(false))[0];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "A live graph batch of {Count} items of user {UserId} failed; applying item {ItemId} alone", keys.Count, key.UserId, key.ItemId);
            return await ApplyAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies the changes of many items, per user in one pass (bench/README.md, "Graph builder"): one read of
    /// the items' vertices, one of their current edges, one of the entities all their mentions may resolve to,
    /// one of their tags' vertices, and one write. Items resolve in order against what earlier items of the
    /// batch resolved, so the result is the one applying them one by one gives. The outcome of each key, in order.
    /// </summary>
    public async Task<IReadOnlyList<GraphApplyOutcome>> ApplyManyAsync(IReadOnlyList<ItemKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var outcomes = new GraphApplyOutcome[keys.Count];
        foreach (var user in keys.Select((key, index) => (Key: key, Index: index)).GroupBy(k => k.Key.UserId, StringComparer.Ordinal))
        {
            await ApplyUserAsync(user.Key, user.ToList(), outcomes, cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    private async Task ApplyUserAsync(string userId, List<(ItemKey Key, int Index)> keys, GraphApplyOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var live = new List<KnowledgeItem>();
        var indexes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (key, index) in keys)
        {
            if (indexes.TryGetValue(key.ItemId, out var same))
            {
                same.Add(index); // the same item twice in one batch is applied once
                continue;
            }

            indexes[key.ItemId] = [index];
            var item = await items.GetAsync(userId, key.ItemId, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                outcomes[index] = await graph.DeleteVertexAsync(userId, key.ItemId, cancellationToken).ConfigureAwait(false)
                    ? GraphApplyOutcome.Removed
                    : GraphApplyOutcome.Unchanged;
            }
            else
            {
                live.Add(item);
            }
        }

        if (live.Count > 0)
        {
            foreach (var (itemId, outcome) in await ApplyLiveAsync(userId, live, cancellationToken).ConfigureAwait(false))
            {
                outcomes[indexes[itemId][0]] = outcome;
            }
        }

        foreach (var same in indexes.Values.Where(i => i.Count > 1))
        {
            foreach (var index in same.Skip(1))
            {
                outcomes[index] = outcomes[same[0]];
            }
        }
    }

    private async Task<Dictionary<string, GraphApplyOutcome>> ApplyLiveAsync(string userId, List<KnowledgeItem> live, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var ids = live.Select(i => i.Id).ToList();
        var inBatch = ids.ToHashSet(StringComparer.Ordinal);
        var existing = (await graph.GetVerticesAsync(userId, ids, cancellationToken).ConfigureAwait(false)).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var edgesOf = ids.ToDictionary(id => id, _ => new List<GraphEdge>(), StringComparer.Ordinal);
        foreach (var edge in await graph.GetCurrentEdgesForAsync(userId, ids, null, cancellationToken).ConfigureAwait(false))
        {
            if (edgesOf.TryGetValue(edge.FromId, out var from))
            {
                from.Add(edge);
            }

            if (edge.ToId != edge.FromId && edgesOf.TryGetValue(edge.ToId, out var to))
            {
                to.Add(edge);
            }
        }

        var found = new Dictionary<string, IReadOnlyList<ItemMention>>(StringComparer.Ordinal);
        foreach (var item in live.Where(i => i.DeletedAt is null))
        {
            found[item.Id] = await mentions.ExtractAsync(item, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyCollection<GraphVertex> known = await resolver.FindAsync(userId, found.Values.SelectMany(m => m), cancellationToken).ConfigureAwait(false);
        var tagIds = live.Where(i => i.DeletedAt is null).SelectMany(i => i.Tags).Select(GraphIds.Tag).Distinct(StringComparer.Ordinal).ToList();
        var tagsStored = (await graph.GetVerticesAsync(userId, tagIds, cancellationToken).ConfigureAwait(false)).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);

        var batches = new List<(KnowledgeItem Item, GraphWriteBatch Batch)>();
        foreach (var item in live)
        {
            var desired = new List<DesiredEdge>();
            var targets = new List<GraphVertex>();
            if (item.DeletedAt is null)
            {
                var resolution = await resolver.ResolveAsync(userId, found[item.Id], item.UpdatedAt, cancellationToken, item.Id, known).ConfigureAwait(false);
                known = resolution.Known ?? known;
                targets.AddRange(resolution.Upserts);
                foreach (var mention in found[item.Id])
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
                    if (tagsStored.Add(id))
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

                    // An item of this batch writes its own vertex; any other may still be on the queue: a minimal
                    // vertex now, which its applier completes.
                    if (!inBatch.Contains(target.Id) && await graph.GetVertexAsync(item.UserId, target.Id, cancellationToken).ConfigureAwait(false) is null)
                    {
                        targets.Add(new GraphVertex
                        {
                            Id = target.Id, UserId = target.UserId, Kind = GraphVertexKinds.Item, Name = target.Title,
                            ValidFrom = target.CreatedAt, ValidTo = target.DeletedAt, RecordedAt = now, UpdatedAt = now,
                        });
                    }
                }
            }

            batches.Add((item, GraphBuilder.Build(item, existing.GetValueOrDefault(item.Id), edgesOf[item.Id], desired, targets, now)));
        }

        await graph.ApplyAsync(Combine(userId, batches.Select(b => b.Batch)), cancellationToken).ConfigureAwait(false);

        var outcomes = new Dictionary<string, GraphApplyOutcome>(StringComparer.Ordinal);
        foreach (var (item, batch) in batches)
        {
            // The item was read before the write: a permanent delete that ran in between removed the vertex
            // first and the item last, so what was just written may belong to an item that no longer exists.
            // Checking after the write closes that race (the delete removes the vertex again after the item).
            if (await items.GetAsync(userId, item.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                await graph.DeleteVertexAsync(userId, item.Id, cancellationToken).ConfigureAwait(false);
                outcomes[item.Id] = GraphApplyOutcome.Removed;
                continue;
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

            outcomes[item.Id] = batch.IsEmpty ? GraphApplyOutcome.Unchanged : GraphApplyOutcome.Applied;
        }

        return outcomes;
    }

    /// <summary>
    /// One write for the batch's items: each vertex once, in its latest state (a later item may have added an
    /// alias to an entity an earlier one created) at the place it was first written; edges in order.
    /// </summary>
    private static GraphWriteBatch Combine(string userId, IEnumerable<GraphWriteBatch> batches)
    {
        var vertices = new Dictionary<string, int>(StringComparer.Ordinal);
        var upserts = new List<GraphVertex>();
        var expirations = new List<EdgeExpiration>();
        var inserts = new List<GraphEdge>();
        var updates = new List<GraphEdge>();
        foreach (var batch in batches)
        {
            foreach (var vertex in batch.VertexUpserts)
            {
                if (vertices.TryGetValue(vertex.Id, out var at))
                {
                    upserts[at] = vertex;
                }
                else
                {
                    vertices[vertex.Id] = upserts.Count;
                    upserts.Add(vertex);
                }
            }

            expirations.AddRange(batch.EdgeExpirations);
            inserts.AddRange(batch.EdgeInserts);
            updates.AddRange(batch.EdgeUpdates);
        }

        return new GraphWriteBatch { UserId = userId, VertexUpserts = upserts, EdgeExpirations = expirations, EdgeInserts = inserts, EdgeUpdates = updates };
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
