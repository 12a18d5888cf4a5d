using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// The knowledge graph on Cosmos DB for Apache Gremlin (docs/design/graph.md, "The graph store"): one
/// partition per user (the partition key property on every vertex), edges in their source vertex's
/// partition and tagged with their owner, every value a binding. Writes are idempotent by deterministic id,
/// so a retried script or batch (the client retries 429 and 1007/1008) changes nothing the first try wrote.
/// </summary>
public sealed partial class GremlinGraphStore : IGraphStore
{
    private readonly IGremlinClient _client;
    private readonly GremlinOptions _options;
    private readonly GremlinGraphScripts _scripts;

    public GremlinGraphStore(IGremlinClient client, GremlinOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options;
        _scripts = new GremlinGraphScripts(GremlinGraphVocabulary.For(options.PartitionKeyProperty), options.PartitionKeyProperty);
    }

    public async Task<GraphVertex?> GetVertexAsync(string userId, string vertexId, CancellationToken cancellationToken)
    {
        var result = await SubmitAsync(_scripts.GetVertex(userId, vertexId), cancellationToken).ConfigureAwait(false);
        return result.Count == 0 ? null : GremlinGraphRecords.ReadVertex(result[0], userId);
    }

    public async Task<IReadOnlyList<GraphVertex>> GetVerticesAsync(string userId, IReadOnlyCollection<string> vertexIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, GraphVertex>(StringComparer.Ordinal);
        foreach (var chunk in vertexIds.Distinct(StringComparer.Ordinal).Chunk(Math.Max(1, _options.MaxIdsPerScript)))
        {
            foreach (var item in await SubmitAsync(_scripts.GetVertices(userId, chunk), cancellationToken).ConfigureAwait(false))
            {
                var vertex = GremlinGraphRecords.ReadVertex(item, userId);
                found.TryAdd(vertex.Id, vertex);
            }
        }

        return found.Values.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<GraphEdge>> GetCurrentEdgesForAsync(string userId, IReadOnlyCollection<string> vertexIds, string? label, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, GraphEdge>(StringComparer.Ordinal);
        foreach (var chunk in vertexIds.Distinct(StringComparer.Ordinal).Chunk(Math.Max(1, _options.MaxIdsPerScript)))
        {
            foreach (var item in await SubmitAsync(_scripts.CurrentEdgesFor(userId, chunk, label), cancellationToken).ConfigureAwait(false))
            {
                var edge = GremlinGraphRecords.ReadEdge(item, userId);
                found.TryAdd(edge.Id, edge);
            }
        }

        return found.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<GraphVertex>> FindEntitiesAsync(string userId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var wanted = keys.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, GraphVertex>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(Math.Max(1, _options.MaxIdsPerScript)))
        {
            foreach (var item in await SubmitAsync(_scripts.FindEntities(userId, chunk), cancellationToken).ConfigureAwait(false))
            {
                var vertex = GremlinGraphRecords.ReadVertex(item, userId);
                found.TryAdd(vertex.Id, vertex);
            }
        }

        // The index is a prefilter (the alias property holds "" on entities without aliases): keep exact matches only.
        var set = wanted.ToHashSet(StringComparer.Ordinal);
        return found.Values
            .Where(v => v.Kind == GraphVertexKinds.Entity && ((v.NormalizedName is { } n && set.Contains(n)) || v.Aliases.Any(set.Contains)))
            .OrderBy(v => v.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<GraphVertex>> ListEntitiesAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        // Merged entities are few and stay on record: the script takes a margin for them rather than filtering on the body.
        var result = await SubmitAsync(_scripts.ListEntities(userId, limit + Math.Min(limit, 1000)), cancellationToken).ConfigureAwait(false);
        return result.Select(v => GremlinGraphRecords.ReadVertex(v, userId))
            .Where(v => v.Kind == GraphVertexKinds.Entity && v.MergedIntoId is null)
            .OrderBy(v => v.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    public async Task<IReadOnlyList<GraphEdge>> GetCurrentEdgesAsync(string userId, string vertexId, string? label, CancellationToken cancellationToken)
    {
        var result = await SubmitAsync(_scripts.CurrentEdges(userId, vertexId, label), cancellationToken).ConfigureAwait(false);
        return result.Select(e => GremlinGraphRecords.ReadEdge(e, userId))
            .DistinctBy(e => e.Id, StringComparer.Ordinal)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<GraphEdge?> GetEdgeAsync(string userId, string edgeId, CancellationToken cancellationToken)
    {
        var result = await SubmitAsync(_scripts.GetEdge(userId, edgeId), cancellationToken).ConfigureAwait(false);
        return result.Count == 0 ? null : GremlinGraphRecords.ReadEdge(result[0], userId);
    }

    public async Task<bool> DeleteEdgeAsync(string userId, string edgeId, CancellationToken cancellationToken)
    {
        if (await CountAsync(_scripts.CountEdge(userId, edgeId), cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await SubmitAsync(_scripts.DropEdge(userId, edgeId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteVertexAsync(string userId, string vertexId, CancellationToken cancellationToken)
    {
        if (await CountAsync(_scripts.CountVertex(userId, vertexId), cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await SubmitAsync(_scripts.DropVertex(userId, vertexId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// None kept on Cosmos DB for Apache Gremlin yet: a counter would be one more write per batch on a
    /// vertex every batch of the partition contends for. Analytics recompute per request there.
    /// </summary>
    public Task<string?> GetVersionAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task EraseUserAsync(string userId, CancellationToken cancellationToken)
    {
        var take = Math.Max(1, _options.MaxIdsPerScript);
        while (true)
        {
            var ids = (await SubmitAsync(_scripts.UserVertexIds(userId, take), cancellationToken).ConfigureAwait(false))
                .Select(id => Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!)
                .ToList();
            if (ids.Count == 0)
            {
                return;
            }

            await SubmitAsync(_scripts.DropVertices(userId, ids), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<object?>> SubmitAsync(GremlinScript script, CancellationToken cancellationToken) =>
        (await _client.SubmitAsync(script, cancellationToken).ConfigureAwait(false)).Items;

    private async Task<long> CountAsync(GremlinScript script, CancellationToken cancellationToken)
    {
        var items = await SubmitAsync(script, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? 0 : Convert.ToInt64(items[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
