namespace Kmt.Core.Graph;

/// <summary>
/// Entity resolution (docs/design/graph.md, "Entity resolution"): a mention resolves to the entity
/// whose normalised name or alias equals its key or its normalised surface form, following recorded
/// merges. A surface form seen for the first time is added to the entity's aliases ("K8s" on
/// "kubernetes"), and two entities that turn out to share a key are merged into the older one: the
/// younger keeps its vertex with <see cref="GraphVertex.MergedIntoId"/>, and its current edges are
/// expired and recorded again on the survivor, so the merge is visible in the graph's history.
/// A name that matches nothing by key or alias may still join an existing entity by similarity
/// (<see cref="EntitySimilarity"/>); every merge is recorded in <see cref="GraphVertex.Merges"/>.
/// </summary>
public sealed class EntityResolver(IGraphStore graph, TimeProvider timeProvider, EntitySimilarity? similarity = null)
{
    /// <summary>Merges chained further than this are not followed (a cycle would be a bug; this bounds it).</summary>
    private const int MaxMergeHops = 8;

    /// <param name="firstSeen">Valid-time start of entities created now (the item change that mentions them).</param>
    /// <param name="itemId">The item whose mentions these are, recorded on a merge it causes.</param>
    /// <param name="known">
    /// The entity vertices already read for a batch of items (<see cref="FindAsync"/>, then each resolution's
    /// <see cref="EntityResolution.Known"/>); null reads the graph.
    /// </param>
    public async Task<EntityResolution> ResolveAsync(string userId, IReadOnlyList<ItemMention> mentions, DateTimeOffset firstSeen, CancellationToken cancellationToken, string? itemId = null, IReadOnlyCollection<GraphVertex>? known = null)
    {
        var now = timeProvider.GetUtcNow();
        var forms = mentions.Select(m => (Mention: m, Key: EntityNames.Key(m.Text), Normalized: EntityNames.Normalize(m.Text)))
            .Where(f => f.Key.Length > 0).ToList();
        var lookups = Lookups(mentions);
        IReadOnlyList<GraphVertex> found = lookups.Count == 0 ? []
            : known is null ? await graph.FindEntitiesAsync(userId, lookups, cancellationToken).ConfigureAwait(false)
            : known.Where(v => Matches(v, lookups)).ToList();
        var vertices = found.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var changed = new Dictionary<string, GraphVertex>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, GraphVertex>(StringComparer.Ordinal);
        var unmatched = forms.Where(f => !vertices.Values.Any(v => Matches(v, f.Key) || Matches(v, f.Normalized))).ToList();
        var similar = similarity is null || unmatched.Count == 0
            ? new Dictionary<string, SimilarEntity>(StringComparer.Ordinal)
            : await similarity.MatchAsync(userId, unmatched.Select(f => f.Mention).ToList(), found.Where(v => v.MergedIntoId is null).ToList(), cancellationToken).ConfigureAwait(false);

        foreach (var (mention, key, normalized) in forms)
        {
            var candidates = new List<GraphVertex>();
            foreach (var vertex in vertices.Values.ToList())
            {
                if (Matches(vertex, key) || Matches(vertex, normalized))
                {
                    var survivor = await FollowMergesAsync(userId, vertex, vertices, cancellationToken).ConfigureAwait(false);
                    if (survivor is not null && candidates.All(c => c.Id != survivor.Id))
                    {
                        candidates.Add(survivor);
                    }
                }
            }

            GraphVertex entity;
            if (candidates.Count == 0 && similar.TryGetValue(key, out var match))
            {
                // Joins an entity by similarity: the name becomes its alias, and the merge is on record.
                entity = vertices.TryGetValue(match.Entity.Id, out var latest) ? latest : match.Entity;
                entity = WithAliases(entity, [key, normalized], now);
                entity = entity with
                {
                    Merges = [.. entity.Merges, new EntityMerge
                    {
                        Name = mention.Text, NormalizedName = normalized, Method = EntityMerge.EmbeddingMethod, Score = Math.Round(match.Score, 4),
                        Evidence = match.Evidence, ItemId = itemId, MergedAt = now,
                    }],
                    UpdatedAt = now,
                };
            }
            else if (candidates.Count == 0)
            {
                entity = new GraphVertex
                {
                    Id = GraphIds.Entity(key),
                    UserId = userId,
                    Kind = GraphVertexKinds.Entity,
                    Name = mention.Text,
                    NormalizedName = key,
                    Category = mention.Category,
                    Aliases = normalized != key ? [normalized] : [],
                    ValidFrom = firstSeen,
                    RecordedAt = now,
                    UpdatedAt = now,
                };
            }
            else
            {
                var ordered = candidates.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
                bool Named(GraphVertex v) => v.NormalizedName == key || v.NormalizedName == normalized;
                if (!Named(ordered[0]) && ordered.Skip(1).FirstOrDefault(c => Named(c) && EntitySplit.KeepsApart(c, ordered[0])) is { } own)
                {
                    // Two entities the person split apart both match: the name goes to the one it is the name of.
                    ordered.Remove(own);
                    ordered.Insert(0, own);
                }

                entity = ordered[0];
                foreach (var loser in ordered.Skip(1))
                {
                    if (EntitySplit.KeepsApart(entity, loser))
                    {
                        continue; // the person split them apart: never merged again
                    }

                    entity = await MergeAsync(userId, loser, entity, now, cancellationToken).ConfigureAwait(false);
                    vertices[loser.Id] = loser with { MergedIntoId = entity.Id, MergedAt = now };
                }

                entity = WithAliases(entity, [key, normalized], now);
                entity = BetterNamed(entity, mention.Text, key, now);
            }

            vertices[entity.Id] = entity;
            byKey[key] = entity;
            if (!found.Any(f => f == entity))
            {
                changed[entity.Id] = entity;
            }
        }

        // The latest state of every written vertex (a later mention may have added an alias).
        var upserts = changed.Keys.Select(id => vertices[id]).ToList();
        return new EntityResolution(byKey.ToDictionary(p => p.Key, p => vertices[p.Value.Id], StringComparer.Ordinal), upserts, [.. vertices.Values]);
    }

    /// <summary>The entity vertices a batch's mentions may resolve to, in one read (pass them to <see cref="ResolveAsync"/> as known).</summary>
    public async Task<IReadOnlyList<GraphVertex>> FindAsync(string userId, IEnumerable<ItemMention> mentions, CancellationToken cancellationToken)
    {
        var lookups = Lookups(mentions);
        return lookups.Count == 0 ? [] : await graph.FindEntitiesAsync(userId, lookups, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The resolution keys and normalised forms an entity may be found by.</summary>
    private static HashSet<string> Lookups(IEnumerable<ItemMention> mentions) => mentions
        .SelectMany(m => new[] { EntityNames.Key(m.Text), EntityNames.Normalize(m.Text) })
        .Where(k => k.Length > 0)
        .ToHashSet(StringComparer.Ordinal);

    private static bool Matches(GraphVertex vertex, HashSet<string> lookups) =>
        vertex.Kind == GraphVertexKinds.Entity && ((vertex.NormalizedName is { } n && lookups.Contains(n)) || vertex.Aliases.Any(lookups.Contains));

    /// <summary>
    /// Merges <paramref name="loser"/> into <paramref name="survivor"/> at once (its own batch): the
    /// loser's current edges expire and are recorded again on the survivor with their valid times.
    /// Returns the survivor with the loser's names as aliases.
    /// </summary>
    public async Task<GraphVertex> MergeAsync(string userId, GraphVertex loser, GraphVertex survivor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var edges = await graph.GetCurrentEdgesAsync(userId, loser.Id, null, cancellationToken).ConfigureAwait(false);
        var merged = WithAliases(survivor, [loser.NormalizedName ?? "", .. loser.Aliases], now);
        merged = merged with
        {
            Merges = [.. merged.Merges, new EntityMerge { Name = loser.Name, NormalizedName = loser.NormalizedName ?? "", FromId = loser.Id, Method = EntityMerge.KeyMethod, MergedAt = now }, .. loser.Merges],
            UpdatedAt = now,
        };
        await graph.ApplyAsync(new GraphWriteBatch
        {
            UserId = userId,
            VertexUpserts = [merged, loser with { MergedIntoId = survivor.Id, MergedAt = now, UpdatedAt = now }],
            EdgeExpirations = edges.Select(e => new EdgeExpiration(e.Id, now)).ToList(),
            EdgeInserts = edges.Select(e => e with
            {
                Id = GraphIds.Moved(e.Id, survivor.Id),
                FromId = e.FromId == loser.Id ? survivor.Id : e.FromId,
                ToId = e.ToId == loser.Id ? survivor.Id : e.ToId,
                RecordedAt = now,
                UpdatedAt = now,
            }).ToList(),
        }, cancellationToken).ConfigureAwait(false);
        return merged;
    }

    private static bool Matches(GraphVertex vertex, string name) =>
        name.Length > 0 && (vertex.NormalizedName == name || vertex.Aliases.Contains(name, StringComparer.Ordinal));

    /// <summary>
    /// The entity named <paramref name="text"/> when that is its own name written with capitals and the
    /// current one is all lower case (a key phrase's, "kubernetes"): the name then no longer depends on
    /// which item reached the graph first (docs/design/graph.md, "Entity resolution").
    /// </summary>
    private static GraphVertex BetterNamed(GraphVertex entity, string text, string key, DateTimeOffset now)
    {
        var name = text.Trim();
        return entity.NormalizedName == key && !entity.Name.Any(char.IsUpper) && name.Any(char.IsUpper) && EntityNames.Key(entity.Name) == key
            ? entity with { Name = name, UpdatedAt = now }
            : entity;
    }

    private static GraphVertex WithAliases(GraphVertex entity, IEnumerable<string> names, DateTimeOffset now)
    {
        var added = names.Where(n => n.Length > 0 && n != entity.NormalizedName && !entity.Aliases.Contains(n, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        return added.Count == 0 ? entity : entity with { Aliases = [.. entity.Aliases, .. added], UpdatedAt = now };
    }

    private async Task<GraphVertex?> FollowMergesAsync(string userId, GraphVertex vertex, Dictionary<string, GraphVertex> known, CancellationToken cancellationToken)
    {
        var current = vertex;
        for (var hop = 0; current.MergedIntoId is { } next && hop < MaxMergeHops; hop++)
        {
            if (!known.TryGetValue(next, out var target))
            {
                target = await graph.GetVertexAsync(userId, next, cancellationToken).ConfigureAwait(false);
                if (target is null)
                {
                    return null;
                }

                known[next] = target;
            }

            current = target;
        }

        return current.MergedIntoId is null ? current : null;
    }
}

