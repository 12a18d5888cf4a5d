using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Graph.Connections;

/// <summary>
/// GET recommendations/connections and its accept and dismiss (docs/api.md, "Connection recommendations";
/// docs/design/graph.md, "Connection recommendations"): computed on request from the caller's current graph
/// (one snapshot of mentions, tagged and links_to) and item embeddings. Graph candidates are the unlinked pairs
/// sharing entities or tags, ranked by Adamic–Adar (<see cref="ConnectionScoring"/>); the best
/// <see cref="ConnectionOptions.RerankPool"/> of them, and the nearest neighbours by embedding of the newest
/// items, are scored by combining that with the cosine similarity of the items' mean vectors. Accepting creates
/// the links_to relationship through <see cref="RelationshipService"/> (its rules apply); accepting and
/// dismissing are remembered as insight records of kind <see cref="InsightKinds.Connection"/>, so the pair is
/// not recommended again. An id that is not among the caller's current recommendations is NOT_FOUND.
/// </summary>
public sealed class ConnectionRecommender(
    IGraphStore graph,
    IKnowledgeStore items,
    IEmbeddingStore embeddings,
    IInsightStore decisions,
    RelationshipService relationships,
    IOptions<ConnectionOptions> options,
    TimeProvider time)
{
    /// <summary>The recommendation id of the pair for this user (the pair unordered).</summary>
    public static string IdFor(string userId, string itemA, string itemB) =>
        InsightIds.For(userId, InsightKinds.Connection, ConnectionScoring.PairKey(itemA, itemB));

    /// <param name="limit">1 to <see cref="ConnectionOptions.MaxLimit"/>; default <see cref="ConnectionOptions.DefaultLimit"/>.</param>
    public async Task<IReadOnlyList<ConnectionRecommendation>> ListAsync(AuthenticatedUser caller, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var settings = options.Value;
        var max = Math.Max(1, settings.MaxLimit);
        var take = Math.Clamp(settings.DefaultLimit, 1, max);
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1 || take > max))
        {
            throw new ValidationException("limit", $"limit must be a whole number from 1 to {max}.");
        }

        return (await RecommendAsync(caller.UserId, cancellationToken).ConfigureAwait(false)).Take(take).ToList();
    }

    /// <summary>Creates the recommended links_to relationship (source → target) and remembers the acceptance.</summary>
    public async Task<Relationship> AcceptAsync(AuthenticatedUser caller, string id, ConnectionAcceptInput? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var recommendation = await FindAsync(caller, id, cancellationToken).ConfigureAwait(false);
        var metadata = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["recommendation_id"] = recommendation.Id,
            ["recommendation_score"] = recommendation.Score,
        });
        var created = await relationships.CreateAsync(
            caller,
            recommendation.Source.Id,
            new RelationshipInput(recommendation.Target.Id, input?.RelationshipType ?? recommendation.RelationshipType, input?.Strength, metadata),
            cancellationToken).ConfigureAwait(false);
        await RememberAsync(caller.UserId, recommendation, InsightStatuses.Applied, FeedbackValues.Applied, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Remembers that the person does not want this connection; dismissing it again answers the same decision.</summary>
    public async Task<ConnectionDecision> DismissAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (IsWellFormed(id) && await decisions.GetAsync(caller.UserId, id, cancellationToken).ConfigureAwait(false) is
            { Kind: InsightKinds.Connection, Status: InsightStatuses.Dismissed } stored && stored.UserId == caller.UserId)
        {
            return ConnectionDecision.From(stored);
        }

        var recommendation = await FindAsync(caller, id, cancellationToken).ConfigureAwait(false);
        return ConnectionDecision.From(await RememberAsync(caller.UserId, recommendation, InsightStatuses.Dismissed, FeedbackValues.Dismiss, cancellationToken).ConfigureAwait(false));
    }

    private async Task<ConnectionRecommendation> FindAsync(AuthenticatedUser caller, string id, CancellationToken cancellationToken)
    {
        // The id is a digest, so the pair is found by recomputing: a stale id (linked, dismissed, trashed, no
        // longer suggested) and another person's id are not among the caller's recommendations.
        var found = IsWellFormed(id)
            ? (await RecommendAsync(caller.UserId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id)
            : null;
        return found ?? throw KmtException.NotFound("Connection recommendation");
    }

    private static bool IsWellFormed(string? id) => id is { Length: InsightIds.Length } && id.All(char.IsAsciiHexDigitLower);

    private async Task<InsightRecord> RememberAsync(string userId, ConnectionRecommendation recommendation, string status, string feedback, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new InsightRecord
        {
            UserId = userId, Id = recommendation.Id, Kind = InsightKinds.Connection,
            Subject = ConnectionScoring.PairKey(recommendation.Source.Id, recommendation.Target.Id), RunId = "",
            Score = recommendation.Score, Status = status, Current = false,
            PayloadJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["source_id"] = recommendation.Source.Id, ["target_id"] = recommendation.Target.Id }),
            CreatedAt = now, UpdatedAt = now, StatusChangedAt = now, ETag = ETags.New(),
        };
        await decisions.UpsertAsync(userId, [record], cancellationToken).ConfigureAwait(false);
        await decisions.AddFeedbackAsync(
            new InsightFeedback { UserId = userId, Id = Ids.New(), InsightType = InsightKinds.Connection, InsightId = record.Id, Feedback = feedback, CreatedAt = now },
            cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Every current recommendation of the user, best first (ties by id); independent of any limit, so accept finds what a list showed.</summary>
    private async Task<IReadOnlyList<ConnectionRecommendation>> RecommendAsync(string userId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var snapshot = await graph.QueryAsync(
            new GraphSnapshotQuery
            {
                UserId = userId, AsOf = now, KnownAt = now, Limit = Math.Max(1, settings.MaxGraphVertices),
                Labels = [GraphEdgeLabels.Mentions, GraphEdgeLabels.Tagged, GraphEdgeLabels.LinksTo],
            },
            cancellationToken).ConfigureAwait(false);
        var itemVertices = snapshot.Vertices.Where(v => v.Kind == GraphVertexKinds.Item && v.UserId == userId).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var byGraph = ConnectionScoring.GraphCandidates(snapshot, settings);
        var candidates = byGraph.Top(settings.RerankPool).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var linked = ConnectionScoring.LinkedPairs(snapshot);
        var vectors = new ItemVectors(embeddings, userId);

        if (settings.EmbeddingSeedItems > 0 && settings.SimilarityWeight > 0)
        {
            var seeds = itemVertices.Values.OrderByDescending(v => v.ValidFrom).ThenBy(v => v.Id, StringComparer.Ordinal).Take(settings.EmbeddingSeedItems).ToList();
            await vectors.PrefetchAsync(seeds.Select(s => s.Id), cancellationToken).ConfigureAwait(false);
            foreach (var seed in seeds)
            {
                if (await vectors.GetAsync(seed.Id, cancellationToken).ConfigureAwait(false) is not { } vector)
                {
                    continue;
                }

                IReadOnlyList<NearestItem> nearest;
                try
                {
                    nearest = await embeddings.NearestAsync(userId, vector.Model, vector.Vector, Math.Max(1, settings.EmbeddingNeighbours) + 1, cancellationToken).ConfigureAwait(false);
                }
                catch (KmtException e) when (e.Code == ErrorCode.FeatureUnavailable)
                {
                    // A store without vector search (docs/api.md, "Search"): the graph's candidates still stand,
                    // scored with the pairs' similarity where their vectors exist.
                    break;
                }

                foreach (var near in nearest.Where(n => n.ItemId != seed.Id))
                {
                    var key = ConnectionScoring.PairKey(seed.Id, near.ItemId);
                    if (!candidates.ContainsKey(key) && !linked.Contains(key))
                    {
                        candidates[key] = byGraph.Find(seed.Id, near.ItemId) ?? Split(key);
                    }
                }
            }
        }

        var decided = (await decisions.ListAsync(userId, InsightKinds.Connection, cancellationToken).ConfigureAwait(false))
            .Where(d => d.UserId == userId).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var ends = await EndsAsync(userId, itemVertices, candidates.Values, cancellationToken).ConfigureAwait(false);
        await vectors.PrefetchAsync(candidates.Values.SelectMany(c => new[] { c.ItemA, c.ItemB }), cancellationToken).ConfigureAwait(false);
        var links = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var result = new List<ConnectionRecommendation>();
        foreach (var candidate in candidates.Values)
        {
            var id = IdFor(userId, candidate.ItemA, candidate.ItemB);
            if (decided.Contains(id) || !ends.TryGetValue(candidate.ItemA, out var a) || !ends.TryGetValue(candidate.ItemB, out var b))
            {
                continue;
            }

            // The snapshot holds every links_to among its vertices; an item outside it (a neighbour by embedding of a
            // truncated graph) has its links read directly.
            if (!itemVertices.ContainsKey(candidate.ItemA) || !itemVertices.ContainsKey(candidate.ItemB))
            {
                if ((await LinksOfAsync(userId, candidate.ItemA, links, cancellationToken).ConfigureAwait(false)).Contains(candidate.ItemB))
                {
                    continue;
                }
            }

            var cosine = await vectors.CosineAsync(candidate.ItemA, candidate.ItemB, cancellationToken).ConfigureAwait(false);
            if (candidate.AdamicAdar <= 0 && (cosine is null || cosine < settings.MinSimilarity))
            {
                continue;
            }

            var score = ConnectionScoring.Combine(candidate.AdamicAdar, cosine, settings);
            if (score < settings.MinScore)
            {
                continue;
            }

            // The newer item links to the older one: what was just captured points at what it builds on.
            var aIsNewer = a.CreatedAt > b.CreatedAt || (a.CreatedAt == b.CreatedAt && string.CompareOrdinal(candidate.ItemA, candidate.ItemB) > 0);
            var (source, target) = aIsNewer ? (a, b) : (b, a);
            result.Add(new ConnectionRecommendation(
                id, new ConnectionEnd(source.Id, source.Title), new ConnectionEnd(target.Id, target.Title), Math.Round(score, 6), settings.RelationshipType,
                new ConnectionEvidence(
                    candidate.SharedEntities, candidate.SharedTags, cosine is { } c ? Math.Round(c, 6) : null,
                    Math.Round(ConnectionScoring.GraphScore(candidate.AdamicAdar, settings), 6), Math.Round(candidate.AdamicAdar, 6))));
        }

        return result.OrderByDescending(r => r.Score).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    private static ConnectionCandidate Split(string key)
    {
        var parts = key.Split('\n');
        return new ConnectionCandidate(parts[0], parts[1], 0, [], []);
    }

    /// <summary>
    /// The live items of the candidates: those in the snapshot from their vertices (the graph follows trash and restore
    /// within seconds), the others read from the knowledge store.
    /// </summary>
    private async Task<Dictionary<string, (string Id, string Title, DateTimeOffset CreatedAt)>> EndsAsync(
        string userId, Dictionary<string, GraphVertex> itemVertices, IEnumerable<ConnectionCandidate> candidates, CancellationToken cancellationToken)
    {
        var ends = new Dictionary<string, (string Id, string Title, DateTimeOffset CreatedAt)>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in candidates.SelectMany(c => new[] { c.ItemA, c.ItemB }).Distinct(StringComparer.Ordinal))
        {
            if (itemVertices.TryGetValue(id, out var vertex))
            {
                ends[id] = (id, vertex.Name, vertex.ValidFrom);
            }
            else
            {
                missing.Add(id);
            }
        }

        foreach (var batch in missing.Chunk(16))
        {
            foreach (var item in await Task.WhenAll(batch.Select(id => items.GetAsync(userId, id, cancellationToken))).ConfigureAwait(false))
            {
                if (item is { DeletedAt: null } && item.UserId == userId)
                {
                    ends[item.Id] = (item.Id, item.Title, item.CreatedAt);
                }
            }
        }

        return ends;
    }

    private async Task<HashSet<string>> LinksOfAsync(string userId, string itemId, Dictionary<string, HashSet<string>> cache, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(itemId, out var others))
        {
            var edges = await graph.GetCurrentEdgesAsync(userId, itemId, GraphEdgeLabels.LinksTo, cancellationToken).ConfigureAwait(false);
            cache[itemId] = others = edges.Select(e => e.FromId == itemId ? e.ToId : e.FromId).ToHashSet(StringComparer.Ordinal);
        }

        return others;
    }

    /// <summary>Items' mean vectors (<see cref="ItemVector"/>, read once per request) and their cosine similarity.</summary>
    private sealed class ItemVectors(IEmbeddingStore store, string userId)
    {
        /// <summary>Items read per query when prefetching (IEmbeddingStore.GetManyAsync).</summary>
        private const int PageSize = 250;

        private readonly Dictionary<string, ItemVector?> _cache = new(StringComparer.Ordinal);

        public async Task<ItemVector?> GetAsync(string itemId, CancellationToken cancellationToken)
        {
            if (!_cache.TryGetValue(itemId, out var vector))
            {
                _cache[itemId] = vector = ItemVector.FromChunks(itemId, await store.GetAsync(userId, itemId, cancellationToken).ConfigureAwait(false));
            }

            return vector;
        }

        /// <summary>Reads the vectors of the items not read yet a page at a time: one query per page, not per item.</summary>
        public async Task PrefetchAsync(IEnumerable<string> itemIds, CancellationToken cancellationToken)
        {
            foreach (var page in itemIds.Distinct(StringComparer.Ordinal).Where(id => !_cache.ContainsKey(id)).Chunk(PageSize))
            {
                var chunks = await store.GetManyAsync(userId, page, cancellationToken).ConfigureAwait(false);
                foreach (var itemId in page)
                {
                    _cache[itemId] = ItemVector.FromChunks(itemId, chunks.TryGetValue(itemId, out var found) ? found : []);
                }
            }
        }

        public async Task<double?> CosineAsync(string a, string b, CancellationToken cancellationToken)
        {
            var va = await GetAsync(a, cancellationToken).ConfigureAwait(false);
            var vb = await GetAsync(b, cancellationToken).ConfigureAwait(false);
            return va is { } x && vb is { } y && x.Model == y.Model && x.Vector.Length == y.Vector.Length && x.Vector.Length > 0
                ? TensorPrimitives.CosineSimilarity(x.Vector, y.Vector)
                : null;
        }
    }
}
