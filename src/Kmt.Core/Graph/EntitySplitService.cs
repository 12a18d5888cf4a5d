using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph;

/// <summary>
/// POST graph/entities/{id}/split (docs/design/graph.md, "Undoing a merge"): takes a merged name back out of an
/// entity. Mention edges do not keep the surface form they came from, so which items move is decided the way
/// the applier decided it: each item mentioning the entity has its mentions extracted again
/// (<see cref="ItemMentionExtractor"/>), and the items that name the split-off name move, keeping the
/// survivor when they also name it otherwise. The split is one graph write (<see cref="EntitySplit.Plan"/>)
/// and is recorded on the merge (<see cref="EntityMerge.SplitAt"/>), which entity resolution reads so it never
/// merges the two again. Asking for the same split again completes one cut short and changes nothing else.
/// </summary>
public sealed class EntitySplitService(
    IKnowledgeStore items,
    IGraphStore graph,
    ItemMentionExtractor mentions,
    IOptions<GraphOptions> options,
    TimeProvider timeProvider,
    ILogger<EntitySplitService> logger)
{
    private const int MaxIdLength = 100;

    public async Task<EntitySplitResult> SplitAsync(AuthenticatedUser caller, string entityId, EntitySplitInput? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (id, name) = Validate(entityId, input);
        var userId = caller.UserId;
        var survivor = await graph.GetVertexAsync(userId, id, cancellationToken).ConfigureAwait(false);
        if (survivor is null || survivor.Kind != GraphVertexKinds.Entity || survivor.MergedIntoId is not null)
        {
            throw KmtException.NotFound("Entity");
        }

        var index = FindMerge(survivor.Merges, name, open: true);
        index = index >= 0 ? index : FindMerge(survivor.Merges, name, open: false);
        if (index < 0)
        {
            throw KmtException.NotFound("Merged name");
        }

        var merge = survivor.Merges[index];
        var mergedVertex = merge.FromId is null ? null : await graph.GetVertexAsync(userId, merge.FromId, cancellationToken).ConfigureAwait(false);
        var names = EntitySplit.Names(merge, mergedVertex);
        if (survivor.NormalizedName is { } own && names.Contains(own))
        {
            throw new ValidationException("name", $"'{merge.Name}' resolves to the same key as '{survivor.Name}', so no split could keep them apart.");
        }

        var now = timeProvider.GetUtcNow();
        var splitAt = merge.SplitAt ?? now;
        var splitOff = await SplitOffVertexAsync(survivor, merge, mergedVertex, splitAt, now, cancellationToken).ConfigureAwait(false);
        var merges = survivor.Merges.ToArray();
        merges[index] = merge with { SplitAt = splitAt, SplitIntoId = splitOff.Id };
        var remaining = survivor with { Aliases = survivor.Aliases.Where(a => !names.Contains(a)).ToList(), Merges = merges, UpdatedAt = now };

        var moves = await MovesAsync(userId, remaining, names, cancellationToken).ConfigureAwait(false);
        await graph.ApplyAsync(EntitySplit.Plan(remaining, splitOff, moves, splitAt, now), cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Split '{Name}' out of entity {EntityId} into {SplitEntityId}: {Items} items' mentions moved",
            merge.Name, survivor.Id, splitOff.Id, moves.Count);
        return new EntitySplitResult(survivor.Id, splitOff.Id, merge.Name, merge.Method, moves.Select(m => m.Current.FromId).ToList(), splitAt);
    }

    private (string Id, string Name) Validate(string? entityId, EntitySplitInput? input)
    {
        var validation = new Validation();
        var id = entityId?.Trim() ?? "";
        validation.Require(id.Length is > 0 and <= MaxIdLength, "id", $"Required: an entity id of at most {MaxIdLength} characters.");
        var name = input?.Name?.Trim() ?? "";
        var max = options.Value.MaxEntityNameLength;
        if (name.Length == 0)
        {
            validation.Add("name", "Required: the merged name to take back out of the entity (one of its merged_from names).");
        }
        else if (name.Length > max)
        {
            validation.Add("name", $"At most {max} characters.");
        }
        else if (EntityNames.Key(name).Length == 0)
        {
            validation.Add("name", "Give a name with letters or digits.");
        }

        validation.ThrowIfInvalid();
        return (id, name);
    }

    /// <summary>The merge the name names (its surface form, normalised form or key), an open one first; -1 when none.</summary>
    private static int FindMerge(IReadOnlyList<EntityMerge> merges, string name, bool open)
    {
        var normalized = EntityNames.Normalize(name);
        var key = EntityNames.Key(name);
        for (var i = 0; i < merges.Count; i++)
        {
            var m = merges[i];
            if ((m.SplitAt is null) == open
                && (m.NormalizedName == normalized || EntityNames.Normalize(m.Name) == normalized || EntityNames.Key(m.Name) == key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The entity that takes the name: a key merge's own vertex, reopened; for a name merged by similarity, the
    /// vertex the name would have had (its id derives from the key), new from the split's time.
    /// </summary>
    private async Task<GraphVertex> SplitOffVertexAsync(GraphVertex survivor, EntityMerge merge, GraphVertex? mergedVertex, DateTimeOffset splitAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (mergedVertex is not null)
        {
            return mergedVertex with { MergedIntoId = null, MergedAt = null, UpdatedAt = now };
        }

        var key = EntityNames.Key(merge.Name);
        var existing = await graph.GetVertexAsync(survivor.UserId, GraphIds.Entity(key), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.MergedIntoId is not null && existing.MergedIntoId != survivor.Id)
            {
                throw KmtException.Conflict($"'{merge.Name}' is now part of another entity; split it from that one.");
            }

            return existing.MergedIntoId is null ? existing : existing with { MergedIntoId = null, MergedAt = null, UpdatedAt = now };
        }

        var normalized = EntityNames.Normalize(merge.Name);
        return new GraphVertex
        {
            Id = GraphIds.Entity(key),
            UserId = survivor.UserId,
            Kind = GraphVertexKinds.Entity,
            Name = merge.Name,
            NormalizedName = key,
            Category = survivor.Category,
            Aliases = normalized != key && normalized.Length > 0 ? [normalized] : [],
            ValidFrom = splitAt,
            RecordedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The items mentioning the survivor whose mentions, extracted again, name one of the split-off names.</summary>
    private async Task<List<SplitMove>> MovesAsync(string userId, GraphVertex remaining, IReadOnlySet<string> names, CancellationToken cancellationToken)
    {
        var kept = new HashSet<string>(remaining.Aliases, StringComparer.Ordinal);
        if (remaining.NormalizedName is { } own)
        {
            kept.Add(own);
        }

        var edges = await graph.GetCurrentEdgesAsync(userId, remaining.Id, GraphEdgeLabels.Mentions, cancellationToken).ConfigureAwait(false);
        var moves = new List<SplitMove>();
        foreach (var byItem in edges.Where(e => e.ToId == remaining.Id).GroupBy(e => e.FromId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = await items.GetAsync(userId, byItem.Key, cancellationToken).ConfigureAwait(false);
            if (item is null || item.DeletedAt is not null)
            {
                continue; // its records close with the item's own change
            }

            var found = await mentions.ExtractAsync(item, cancellationToken).ConfigureAwait(false);
            bool Names(ItemMention m, IReadOnlySet<string> set) => set.Contains(EntityNames.Key(m.Text)) || set.Contains(EntityNames.Normalize(m.Text));
            var split = found.FirstOrDefault(m => Names(m, names));
            if (split is null)
            {
                continue;
            }

            var rest = found.FirstOrDefault(m => !Names(m, names) && Names(m, kept));
            var current = byItem.OrderBy(e => e.ValidFrom).ThenBy(e => e.Id, StringComparer.Ordinal).First();
            moves.Add(new SplitMove(current, split.Count, rest?.Count ?? 0));
        }

        return moves;
    }
}
