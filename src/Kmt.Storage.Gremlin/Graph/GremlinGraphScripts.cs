using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Scripts;
using V = Kmt.Storage.Gremlin.Graph.GremlinGraphVocabulary;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// Every traversal the graph store sends (pinned by GremlinGraphScriptsTests). Vertices are addressed as
/// [partitionKey, id] or filtered by the partition key first; edges carry their owner, because Cosmos keeps
/// an edge in its source vertex's partition and g.E() alone is not scoped to one. Writes are
/// idempotent by deterministic id: an upsert is fold().coalesce(unfold(), addV()), an insert
/// coalesce(outE().hasId(id), addE()), an expiry touches only records still open. Only steps on Cosmos's
/// list; no lambdas, no match(), no property(set, ...), no nulls (docs/design/graph.md, "The graph store").
/// </summary>
internal sealed class GremlinGraphScripts(GremlinVocabulary vocabulary, string partitionKey)
{
    public GremlinScriptBuilder Builder() => new(vocabulary);

    public string PartitionKey { get; } = partitionKey;

    /// <summary>One write script: g.inject(0).union(branch, ...).count(), each branch independent of the others.</summary>
    public GremlinScript Batch(IReadOnlyList<Func<GremlinScriptBuilder, GremlinTraversal>> branches)
    {
        var b = Builder();
        return b.Build(b.G().Inject(0).Union([.. branches.Select(branch => branch(b))]).Count());
    }

    /// <summary>Creates the vertex when missing, then replaces every property (the id, label and partition key never change).</summary>
    public GremlinTraversal UpsertVertex(GremlinScriptBuilder b, GraphVertex vertex)
    {
        var t = b.Anonymous().V(new GremlinVertexKey(vertex.UserId, vertex.Id)).Fold().Coalesce(
                b.Anonymous().Unfold(),
                b.Anonymous().AddV(vertex.Kind).PropertyId(vertex.Id).Property(PartitionKey, vertex.UserId))
            .PropertySingle(V.Body, GremlinGraphRecords.VertexBody(vertex))
            .PropertySingle(V.NormalizedName, vertex.NormalizedName ?? string.Empty)
            .PropertySingle(V.ValidFrom, GremlinGraphRecords.Time(vertex.ValidFrom))
            .PropertySingle(V.ValidTo, GremlinGraphRecords.Time(vertex.ValidTo))
            .PropertySingle(V.RecordedAt, GremlinGraphRecords.Time(vertex.RecordedAt));
        var aliases = GremlinGraphRecords.AliasValues(vertex);
        t = t.PropertySingle(V.Alias, aliases[0]);
        foreach (var alias in aliases.Skip(1))
        {
            t = t.PropertyList(V.Alias, alias);
        }

        return t;
    }

    /// <summary>Adds the edge from its source vertex unless the source already has an edge with that id.</summary>
    public GremlinTraversal InsertEdge(GremlinScriptBuilder b, string userId, GraphEdge edge) =>
        b.Anonymous().V(new GremlinVertexKey(userId, edge.FromId)).Coalesce(
            b.Anonymous().OutE().HasId(edge.Id),
            b.Anonymous().AddE(edge.Label).To(b.Anonymous().V(new GremlinVertexKey(userId, edge.ToId)))
                .PropertyId(edge.Id)
                .Property(V.Owner, userId)
                .Property(V.Body, GremlinGraphRecords.EdgeBody(edge))
                .Property(V.ValidFrom, GremlinGraphRecords.Time(edge.ValidFrom))
                .Property(V.ValidTo, GremlinGraphRecords.Time(edge.ValidTo))
                .Property(V.RecordedAt, GremlinGraphRecords.Time(edge.RecordedAt))
                .Property(V.ExpiredAt, GremlinGraphRecords.Time(edge.ExpiredAt))
                .Property(V.ExpiredExact, edge.ExpiredAt is { } e ? GremlinGraphRecords.Exact(e) : string.Empty));

    /// <summary>Replaces the body (the mutable properties; <paramref name="edge"/> carries the stored times) of the edge with that id out of <paramref name="fromId"/>.</summary>
    public GremlinTraversal UpdateEdge(GremlinScriptBuilder b, string userId, string fromId, GraphEdge edge) =>
        b.Anonymous().V(new GremlinVertexKey(userId, fromId)).OutE().HasId(edge.Id).Property(V.Body, GremlinGraphRecords.EdgeBody(edge));

    /// <summary>Sets expired_at on the records that are still open: a record already expired keeps its first expiry.</summary>
    public GremlinScript ExpireEdges(string userId, IReadOnlyList<string> edgeIds, DateTimeOffset expiredAt)
    {
        var b = Builder();
        return b.Build(Edges(b, userId, edgeIds).Has(V.ExpiredAt, GremlinGraphRecords.Open)
            .Property(V.ExpiredAt, GremlinGraphRecords.Time(expiredAt)).Property(V.ExpiredExact, GremlinGraphRecords.Exact(expiredAt)).Count());
    }

    /// <summary>The owner's edge records with these ids (an update keeps their times and is written through their source vertex).</summary>
    public GremlinScript Edges(string userId, IReadOnlyList<string> edgeIds)
    {
        var b = Builder();
        return b.Build(Edges(b, userId, edgeIds));
    }

    public GremlinScript GetVertex(string userId, string vertexId)
    {
        var b = Builder();
        return b.Build(b.G().V(new GremlinVertexKey(userId, vertexId)));
    }

    /// <summary>Entities whose normalised name or one of whose aliases is a key (the caller keeps only exact matches).</summary>
    public GremlinScript FindEntities(string userId, IReadOnlyList<string> keys)
    {
        var b = Builder();
        var within = GremlinPredicate.Within(keys);
        return b.Build(b.G().V().Has(PartitionKey, userId).HasLabel(GraphVertexKinds.Entity)
            .Or(b.Anonymous().Has(V.NormalizedName, within), b.Anonymous().Has(V.Alias, within)));
    }

    /// <summary>The user's vertices with these ids.</summary>
    public GremlinScript GetVertices(string userId, IReadOnlyList<string> vertexIds)
    {
        var b = Builder();
        return b.Build(Vertices(b, userId, vertexIds));
    }

    /// <summary>The open, unexpired records touching any of the vertices in either direction (an edge between two of them comes twice).</summary>
    public GremlinScript CurrentEdgesFor(string userId, IReadOnlyList<string> vertexIds, string? label)
    {
        var b = Builder();
        var start = Vertices(b, userId, vertexIds);
        var edges = label is null ? start.BothE() : start.BothE(label);
        return b.Build(edges.Has(V.ValidTo, GremlinGraphRecords.Open).Has(V.ExpiredAt, GremlinGraphRecords.Open));
    }

    /// <summary>Up to <paramref name="take"/> of the user's entity vertices (the caller drops merged ones).</summary>
    public GremlinScript ListEntities(string userId, int take)
    {
        var b = Builder();
        return b.Build(b.G().V().Has(PartitionKey, userId).HasLabel(GraphVertexKinds.Entity).Limit(take));
    }

    /// <summary>The open, unexpired records touching the vertex in either direction.</summary>
    public GremlinScript CurrentEdges(string userId, string vertexId, string? label)
    {
        var b = Builder();
        var start = b.G().V(new GremlinVertexKey(userId, vertexId));
        var edges = label is null ? start.BothE() : start.BothE(label);
        return b.Build(edges.Has(V.ValidTo, GremlinGraphRecords.Open).Has(V.ExpiredAt, GremlinGraphRecords.Open));
    }

    public GremlinScript GetEdge(string userId, string edgeId)
    {
        var b = Builder();
        return b.Build(b.G().E(edgeId).Has(V.Owner, userId));
    }

    public GremlinScript DropEdge(string userId, string edgeId)
    {
        var b = Builder();
        return b.Build(b.G().E(edgeId).Has(V.Owner, userId).Drop());
    }

    /// <summary>Drops the vertex; Cosmos drops its edges (in and out) with it.</summary>
    public GremlinScript DropVertex(string userId, string vertexId)
    {
        var b = Builder();
        return b.Build(b.G().V(new GremlinVertexKey(userId, vertexId)).Drop());
    }

    /// <summary>Counts the user's vertices among the ids (an existence check before a drop).</summary>
    public GremlinScript CountVertex(string userId, string vertexId)
    {
        var b = Builder();
        return b.Build(b.G().V(new GremlinVertexKey(userId, vertexId)).Count());
    }

    public GremlinScript CountEdge(string userId, string edgeId)
    {
        var b = Builder();
        return b.Build(b.G().E(edgeId).Has(V.Owner, userId).Count());
    }

    /// <summary>Up to <paramref name="take"/> of the user's vertex ids (erasure drops them page by page, inside Cosmos's 30 s).</summary>
    public GremlinScript UserVertexIds(string userId, int take)
    {
        var b = Builder();
        return b.Build(b.G().V().Has(PartitionKey, userId).Limit(take).Id());
    }

    /// <summary>Drops the user's vertices with these ids (their edges go with them).</summary>
    public GremlinScript DropVertices(string userId, IReadOnlyList<string> vertexIds)
    {
        var b = Builder();
        return b.Build(Vertices(b, userId, vertexIds).Drop());
    }

    /// <summary>Vertices visible at valid time asOf as known at knownAt, newest first, at most <paramref name="take"/>.</summary>
    public GremlinScript VisibleVertices(GraphSnapshotQuery query, int take)
    {
        var b = Builder();
        return b.Build(Visible(b.G().V().Has(PartitionKey, query.UserId), query)
            .Order().By(V.ValidFrom, GremlinOrder.Decr).ById().Limit(take));
    }

    /// <summary>Which of these vertices are visible.</summary>
    public GremlinScript VisibleVertices(GraphSnapshotQuery query, IReadOnlyList<string> vertexIds)
    {
        var b = Builder();
        return b.Build(Visible(Vertices(b, query.UserId, vertexIds), query));
    }

    /// <summary>The visible edge records leaving (out) or touching (both) these vertices, with the query's labels.</summary>
    public GremlinScript VisibleEdges(GraphSnapshotQuery query, IReadOnlyList<string> vertexIds, bool bothDirections)
    {
        var b = Builder();
        var labels = query.Labels is { Count: > 0 } l ? l.Order(StringComparer.Ordinal).ToArray() : [];
        var start = Vertices(b, query.UserId, vertexIds);
        var edges = bothDirections ? start.BothE(labels) : start.OutE(labels);
        var knownAt = GremlinGraphRecords.Time(query.KnownAt);
        var asOf = GremlinGraphRecords.Time(query.AsOf);
        return b.Build(edges
            .Has(V.RecordedAt, GremlinPredicate.Lte(knownAt)).Has(V.ExpiredAt, GremlinPredicate.Gte(knownAt))
            .Has(V.ValidFrom, GremlinPredicate.Lte(asOf)).Has(V.ValidTo, GremlinPredicate.Gte(asOf)));
    }

    private GremlinTraversal Visible(GremlinTraversal vertices, GraphSnapshotQuery query)
    {
        var asOf = GremlinGraphRecords.Time(query.AsOf);
        return vertices.Has(V.RecordedAt, GremlinPredicate.Lte(GremlinGraphRecords.Time(query.KnownAt)))
            .Has(V.ValidFrom, GremlinPredicate.Lte(asOf)).Has(V.ValidTo, GremlinPredicate.Gte(asOf));
    }

    private GremlinTraversal Vertices(GremlinScriptBuilder b, string userId, IReadOnlyList<string> ids) =>
        b.G().V().Has(PartitionKey, userId).HasId(GremlinPredicate.Within(ids));

    private static GremlinTraversal Edges(GremlinScriptBuilder b, string userId, IReadOnlyList<string> ids) =>
        b.G().E().Has(V.Owner, userId).HasId(GremlinPredicate.Within(ids));
}
