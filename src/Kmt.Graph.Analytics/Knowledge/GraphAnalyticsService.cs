using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Microsoft.Extensions.Options;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// The graph analytics routes (docs/api.md, "Knowledge graph"; docs/design/graph.md, "Graph
/// analytics"): reads the caller's current subgraph through <see cref="IGraphStore"/> in one snapshot
/// query capped at <see cref="GraphAnalyticsOptions.MaxVertices"/> and runs PageRank, Louvain,
/// shortest paths and month-by-month activity over it in process, because Cosmos DB's Gremlin API
/// offers no graph-computer steps. Trends count edges by the month they started holding (new
/// mentions per month): the current graph's edges all hold now, so prorating them over their whole
/// valid interval would make everything look like it grows.
/// </summary>
public sealed class GraphAnalyticsService(IGraphStore graph, IOptions<GraphAnalyticsOptions> options, TimeProvider timeProvider)
{
    /// <summary>Longest vertex id accepted (item ids are 36 characters, derived vertex ids 35).</summary>
    private const int MaxIdLength = 100;

    private readonly AnalysisCache _cache = new();

    /// <summary>The caller's entities ranked by PageRank, each with its item count and trend.</summary>
    public async Task<EntityRanking> RankEntitiesAsync(AuthenticatedUser caller, string? limitParameter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var limits = options.Value;
        var validation = new Validation();
        var limit = ParseInt(limitParameter, "limit", 1, limits.MaxEntities, validation) ?? limits.DefaultEntities;
        validation.ThrowIfInvalid();

        var now = timeProvider.GetUtcNow();
        var loaded = await LoadAsync(caller.UserId, now, cancellationToken);
        var analysed = loaded.Analysed;
        var scores = loaded.PageRankScores;
        var entities = RankedEntityIds(analysed, scores);
        var top = entities.Take(limit).ToList();
        var mentions = analysed.Edges.Where(e => e.Label == GraphEdgeLabels.Mentions && analysed.IsItem(e.FromId)).ToList();
        var boundaries = TrendWindow(now, limits.TrendMonths);
        var activity = TemporalActivity.Compute(ByStartMonth(mentions), boundaries, trendThreshold: limits.TrendThreshold)
            .Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var itemCounts = mentions.GroupBy(e => e.ToId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.FromId).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);

        var ranked = top.Select((id, i) =>
        {
            var v = analysed.Vertices[id];
            activity.TryGetValue(id, out var series);
            return new RankedEntity(
                id, v.Name, v.Category, i + 1, scores[analysed.Graph.IndexOf(id)], itemCounts.GetValueOrDefault(id),
                series?.Trend.Direction ?? TrendDirection.Stable, Months(boundaries, series));
        }).ToList();
        return new EntityRanking(entities.Count, limit, analysed.Snapshot.Truncated, ranked);
    }

    /// <summary>One entity with its items, related entities and timeline; 404 unless it is one of the caller's entities.</summary>
    public async Task<EntityDetail> GetEntityAsync(AuthenticatedUser caller, string entityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var id = CheckId(entityId, "id");
        var entity = await graph.GetVertexAsync(caller.UserId, id, cancellationToken);
        if (entity is null || entity.Kind != GraphVertexKinds.Entity)
        {
            throw KmtException.NotFound("Entity");
        }

        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var snapshot = await graph.QueryAsync(
            new GraphSnapshotQuery
            {
                UserId = caller.UserId, AsOf = now, KnownAt = now, CenterId = id, Depth = 1, Limit = limits.MaxVertices,
                Labels = [GraphEdgeLabels.Mentions, GraphEdgeLabels.RelatesTo],
            },
            cancellationToken);
        var vertices = snapshot.Vertices.ToDictionary(v => v.Id, StringComparer.Ordinal);
        string NameOf(string vertexId) => vertices.TryGetValue(vertexId, out var v) ? v.Name : vertexId;
        bool IsKind(string vertexId, string kind) => vertices.TryGetValue(vertexId, out var v) && v.Kind == kind;

        var mentions = snapshot.Edges
            .Where(e => e.Label == GraphEdgeLabels.Mentions && e.ToId == id && IsKind(e.FromId, GraphVertexKinds.Item)).ToList();
        var items = mentions
            .GroupBy(e => e.FromId, StringComparer.Ordinal)
            .Select(g => new EntityItem(g.Key, NameOf(g.Key), g.Sum(e => e.Count ?? 1), g.Min(e => e.ValidFrom)))
            .OrderByDescending(i => i.Mentions).ThenBy(i => i.Since).ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        var related = snapshot.Edges
            .Where(e => e.Label == GraphEdgeLabels.RelatesTo && (e.FromId == id || e.ToId == id))
            .Select(e => e.FromId == id ? (Other: e.ToId, e.Weight) : (Other: e.FromId, e.Weight))
            .Where(r => r.Other != id && IsKind(r.Other, GraphVertexKinds.Entity))
            .GroupBy(r => r.Other, StringComparer.Ordinal)
            .Select(g => new RelatedEntity(g.Key, NameOf(g.Key), g.Sum(r => r.Weight)))
            .OrderByDescending(r => r.Weight).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

        var earliest = MonthStart(mentions.Count == 0 ? entity.ValidFrom : mentions.Min(e => e.ValidFrom));
        var windowStart = MonthStart(now).AddMonths(-(Math.Max(1, limits.TimelineMonths) - 1));
        var boundaries = TemporalActivity.MonthStarts(earliest > windowStart ? earliest : windowStart, now);
        var series = TemporalActivity.Compute(ByStartMonth(mentions), boundaries, trendThreshold: limits.TrendThreshold)
            .Nodes.FirstOrDefault(n => n.Id == id);
        return new EntityDetail(
            entity.Id, entity.Name, entity.Category, entity.Aliases, entity.ValidFrom, items, related,
            series?.Trend.Direction ?? TrendDirection.Stable, Months(boundaries, series), snapshot.Truncated, entity.Merges);
    }

    /// <summary>The fewest-hop path between two of the caller's vertices (items or entities), with each edge's evidence.</summary>
    public async Task<GraphPathAnswer> FindPathAsync(AuthenticatedUser caller, string? from, string? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        var fromId = CheckId(from, "from", validation);
        var toId = CheckId(to, "to", validation);
        validation.ThrowIfInvalid();
        foreach (var id in new[] { fromId, toId })
        {
            var vertex = await graph.GetVertexAsync(caller.UserId, id, cancellationToken);
            if (vertex is null || vertex.Kind is not (GraphVertexKinds.Item or GraphVertexKinds.Entity))
            {
                throw KmtException.NotFound("Graph node");
            }
        }

        var analysed = (await LoadAsync(caller.UserId, timeProvider.GetUtcNow(), cancellationToken)).Analysed;
        int s = analysed.Graph.IndexOf(fromId), t = analysed.Graph.IndexOf(toId);
        var path = s < 0 || t < 0 ? null : ShortestPaths.HopPath(analysed.Graph, s, t);
        return new GraphPathAnswer(fromId, toId, path is null ? null : Describe(analysed, path), analysed.Snapshot.Truncated);
    }

    /// <summary>Louvain communities of the caller's graph, named by their most central entities, with growth.</summary>
    public async Task<CommunityList> DetectCommunitiesAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var loaded = await LoadAsync(caller.UserId, now, cancellationToken);
        var analysed = loaded.Analysed;
        var g = analysed.Graph;
        var scores = loaded.PageRankScores;
        var partition = loaded.Communities;
        var communityOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < g.NodeCount; i++)
        {
            communityOf[g.IdOf(i)] = partition.Membership[i].ToString(CultureInfo.InvariantCulture);
        }

        var boundaries = TrendWindow(now, limits.TrendMonths);
        var growth = TemporalActivity.Compute(ByStartMonth(analysed.Edges), boundaries, communityOf, limits.TrendThreshold)
            .Communities.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var communities = NamedCommunity.From(analysed, scores, partition, limits.CommunityNameEntities).Select(c =>
        {
            growth.TryGetValue(c.Key.ToString(CultureInfo.InvariantCulture), out var series);
            var items = c.Members.Select(g.IdOf).Where(analysed.IsItem).Order(StringComparer.Ordinal).ToList();
            return new CommunitySummary(
                c.Id,
                c.Name,
                c.Entities.Count,
                items.Count,
                c.Entities.Take(limits.MaxCommunityMembers).Select(i => new CommunityMember(g.IdOf(i), analysed.Vertices[g.IdOf(i)].Name, scores[i])).ToList(),
                items,
                series?.Trend.Direction ?? TrendDirection.Stable,
                Months(boundaries, series));
        }).ToList();

        return new CommunityList(partition.Modularity, analysed.Snapshot.Truncated, communities);
    }

    /// <summary>
    /// The caller's current graph, analysed: from the cache when the store's graph version is the one it
    /// was read at (every write changes the version), otherwise read again. The version is read before
    /// the snapshot, so a write racing the read leaves an entry that the next request finds stale.
    /// </summary>
    private async Task<AnalysisCache.Entry> LoadAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var capacity = options.Value.CachedGraphs;
        var version = capacity > 0 ? await graph.GetVersionAsync(userId, cancellationToken) : null;
        if (version is not null && _cache.Get(userId, version) is { } cached)
        {
            return cached;
        }

        var query = new GraphSnapshotQuery { UserId = userId, AsOf = now, KnownAt = now, Limit = options.Value.MaxVertices };
        var analysed = AnalysedGraph.From(await graph.QueryAsync(query, cancellationToken));
        return version is null ? new AnalysisCache.Entry(null, analysed) : _cache.Put(userId, version, analysed, capacity);
    }

    private static List<string> RankedEntityIds(AnalysedGraph analysed, double[] scores)
    {
        var g = analysed.Graph;
        return Enumerable.Range(0, g.NodeCount)
            .Where(i => analysed.IsEntity(g.IdOf(i)))
            .OrderByDescending(i => scores[i]).ThenBy(i => g.IdOf(i), StringComparer.Ordinal)
            .Select(g.IdOf).ToList();
    }

    private static GraphPathView Describe(AnalysedGraph analysed, GraphPath path)
    {
        var ids = path.Nodes.Select(analysed.Graph.IdOf).ToList();
        var byPair = analysed.Edges.ToLookup(e => PairKey(e.FromId, e.ToId), StringComparer.Ordinal);
        var nodes = ids.Select(id => analysed.Vertices[id]).Select(v => new PathNode(v.Id, v.Kind, v.Name)).ToList();
        var steps = new List<PathStep>();
        for (var i = 0; i + 1 < ids.Count; i++)
        {
            var edges = byPair[PairKey(ids[i], ids[i + 1])]
                .OrderByDescending(e => e.Weight).ThenBy(e => e.Id, StringComparer.Ordinal)
                .Select(e => new PathEdge(e.Id, e.Label, e.FromId, e.ToId, e.Weight, e.Evidence)).ToList();
            steps.Add(new PathStep(ids[i], ids[i + 1], edges));
        }

        return new GraphPathView(path.Hops, nodes, steps);
    }

    private static string PairKey(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? $"{a}\n{b}" : $"{b}\n{a}";

    /// <summary>Each edge as holding exactly the month it started in, so a period's weight is the evidence that month added.</summary>
    private static List<TemporalEdge> ByStartMonth(IEnumerable<GraphEdge> edges) =>
        edges.Select(e =>
        {
            var month = MonthStart(e.ValidFrom);
            return new TemporalEdge(e.FromId, e.ToId, e.Weight, month, month.AddMonths(1));
        }).ToList();

    private static IReadOnlyList<DateTimeOffset> TrendWindow(DateTimeOffset now, int months) =>
        TemporalActivity.MonthStarts(MonthStart(now).AddMonths(-(Math.Max(1, months) - 1)), now);

    private static DateTimeOffset MonthStart(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private static List<MonthActivity> Months(IReadOnlyList<DateTimeOffset> boundaries, ActivitySeries? series) =>
        Enumerable.Range(0, boundaries.Count - 1)
            .Select(p => new MonthActivity(boundaries[p], series?.Weight[p] ?? 0, series?.Degree[p] ?? 0)).ToList();

    private static string CheckId(string? raw, string field)
    {
        var validation = new Validation();
        var id = CheckId(raw, field, validation);
        validation.ThrowIfInvalid();
        return id;
    }

    private static string CheckId(string? raw, string field, Validation validation)
    {
        var id = raw?.Trim() ?? "";
        if (id.Length == 0)
        {
            validation.Add(field, "Required: an item or entity id.");
        }
        else if (id.Length > MaxIdLength)
        {
            validation.Add(field, $"At most {MaxIdLength} characters: an item or entity id.");
        }

        return id;
    }

    private static int? ParseInt(string? raw, string field, int min, int max, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        validation.Add(field, $"Must be a whole number from {min} to {max}.");
        return null;
    }
}
