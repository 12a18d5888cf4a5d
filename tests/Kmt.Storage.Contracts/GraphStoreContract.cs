using Kmt.Core.Graph;

namespace Kmt.Storage.Contracts;

/// <summary>
/// IGraphStore: partitioned records, idempotent batches (insert-if-absent, first expiry wins,
/// updates of mutable properties only), current edges, entity lookup by name and alias, bi-temporal
/// snapshots (as_of / known_at) around a center or whole, deletes and erasure. Times are whole
/// milliseconds, which every adapter stores exactly.
/// </summary>
public abstract partial class GraphStoreContract : StoreContract
{
    protected IGraphStore Graph => Stores.Graph ?? throw new InvalidOperationException("This store set has no graph store.");

    protected static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    public static GraphVertex Vertex(string userId, string id, string kind = GraphVertexKinds.Item, string? name = null, DateTimeOffset? validFrom = null, string? normalizedName = null, IReadOnlyList<string>? aliases = null) => new()
    {
        Id = id,
        UserId = userId,
        Kind = kind,
        Name = name ?? id,
        NormalizedName = normalizedName,
        Aliases = aliases ?? [],
        ValidFrom = validFrom ?? T0,
        RecordedAt = validFrom ?? T0,
        UpdatedAt = validFrom ?? T0,
    };

    public static GraphEdge Edge(string userId, string from, string to, string label = GraphEdgeLabels.Mentions, DateTimeOffset? validFrom = null, string? id = null, int? count = null) => new()
    {
        Id = id ?? GraphIds.Edge(label, from, to, validFrom ?? T0),
        UserId = userId,
        Label = label,
        FromId = from,
        ToId = to,
        Count = count,
        Evidence = [from],
        ValidFrom = validFrom ?? T0,
        RecordedAt = validFrom ?? T0,
        UpdatedAt = validFrom ?? T0,
    };

    private Task ApplyAsync(string userId, IReadOnlyList<GraphVertex>? vertices = null, IReadOnlyList<GraphEdge>? inserts = null, IReadOnlyList<EdgeExpiration>? expirations = null, IReadOnlyList<GraphEdge>? updates = null) =>
        Graph.ApplyAsync(new GraphWriteBatch { UserId = userId, VertexUpserts = vertices ?? [], EdgeInserts = inserts ?? [], EdgeExpirations = expirations ?? [], EdgeUpdates = updates ?? [] }, Ct);

    private Task<GraphSnapshot> SnapshotAsync(string userId, DateTimeOffset asOf, DateTimeOffset? knownAt = null, string? center = null, int depth = 2, int limit = 100, IReadOnlyCollection<string>? labels = null) =>
        Graph.QueryAsync(new GraphSnapshotQuery { UserId = userId, AsOf = asOf, KnownAt = knownAt ?? At(100_000), CenterId = center, Depth = depth, Limit = limit, Labels = labels }, Ct);

    private static string[] Ids(IEnumerable<GraphVertex> vertices) => vertices.Select(v => v.Id).Order(StringComparer.Ordinal).ToArray();

    private static string[] Ids(IEnumerable<GraphEdge> edges) => edges.Select(e => e.Id).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public virtual async Task Vertices_and_edges_round_trip_every_property_and_stay_in_their_partition()
    {
        var entity = Vertex(A, "en-1", GraphVertexKinds.Entity, "Kubernetes", At(1), "kubernetes", ["k8s", "kube"]) with
        {
            Category = "concept",
            MergedIntoId = "en-2",
            MergedAt = At(3),
            ValidTo = At(4),
            RecordedAt = At(2),
            UpdatedAt = At(3),
            Merges =
            [
                new EntityMerge { Name = "K8s cluster", NormalizedName = "k8s cluster", Method = EntityMerge.EmbeddingMethod, Score = 0.8123, Evidence = ["Docker", "Helm"], ItemId = "item-1", MergedAt = At(2) },
                new EntityMerge { Name = "kube", NormalizedName = "kube", FromId = "en-3", Method = EntityMerge.KeyMethod, MergedAt = At(3) },
            ],
        };
        var item = Vertex(A, "item-1", name: "Notes on clusters") with { SourceETag = "\"e1\"" };
        var link = Edge(A, "item-1", "en-1", GraphEdgeLabels.LinksTo, At(5), "rel-1") with
        {
            Weight = 0.5,
            Count = 3,
            RelationshipType = "supports",
            Strength = 0.75,
            MetadataJson = """{"note":"ünïcode","n":[1,2]}""",
            Evidence = ["item-1", "item-9"],
            ValidTo = At(7),
            RecordedAt = At(6),
            ExpiredAt = At(8),
            UpdatedAt = At(6),
        };

        await ApplyAsync(A, [entity, item], [link]);

        Assert.Equal(entity, await Graph.GetVertexAsync(A, "en-1", Ct), VertexComparer.Instance);
        Assert.Equal(item, await Graph.GetVertexAsync(A, "item-1", Ct), VertexComparer.Instance);
        Assert.Equal(link, await Graph.GetEdgeAsync(A, "rel-1", Ct), EdgeComparer.Instance);
        Assert.Null(await Graph.GetVertexAsync(B, "en-1", Ct));
        Assert.Null(await Graph.GetEdgeAsync(B, "rel-1", Ct));
        Assert.Null(await Graph.GetVertexAsync(A, "missing", Ct));
        Assert.Empty((await SnapshotAsync(B, At(5))).Vertices);
    }

    [Fact]
    public virtual async Task Applying_the_same_batch_twice_leaves_the_graph_as_once()
    {
        var batch = new GraphWriteBatch
        {
            UserId = A,
            VertexUpserts = [Vertex(A, "i1"), Vertex(A, "e1", GraphVertexKinds.Entity, normalizedName: "e1")],
            EdgeInserts = [Edge(A, "i1", "e1", count: 2)],
        };

        await Graph.ApplyAsync(batch, Ct);
        await Graph.ApplyAsync(batch, Ct);

        var snapshot = await SnapshotAsync(A, At(1));
        Assert.Equal(["e1", "i1"], Ids(snapshot.Vertices));
        Assert.Single(snapshot.Edges);
        Assert.Single(await Graph.GetCurrentEdgesAsync(A, "i1", null, Ct));
    }

    [Fact]
    public virtual async Task An_insert_with_an_existing_id_is_skipped_and_an_update_changes_only_mutable_properties()
    {
        var original = Edge(A, "i1", "e1", count: 2);
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "e1", GraphVertexKinds.Entity)], [original]);

        await ApplyAsync(A, inserts: [original with { Count = 9, ValidFrom = At(3) }]);
        Assert.Equal(2, (await Graph.GetEdgeAsync(A, original.Id, Ct))?.Count);

        var updated = original with
        {
            Count = 5, Weight = 2, Evidence = ["i1", "i2"], MetadataJson = """{"a":1}""", RelationshipType = "cites", Strength = 0.2, UpdatedAt = At(9),
            ValidFrom = At(50), RecordedAt = At(50), FromId = "x", ToId = "y",
        };
        await ApplyAsync(A, updates: [updated, Edge(A, "i1", "e1", id: "missing")]);

        var stored = await Graph.GetEdgeAsync(A, original.Id, Ct);
        Assert.Equal(original with { Count = 5, Weight = 2, Evidence = ["i1", "i2"], MetadataJson = """{"a":1}""", RelationshipType = "cites", Strength = 0.2, UpdatedAt = At(9) }, stored, EdgeComparer.Instance);
        Assert.Null(await Graph.GetEdgeAsync(A, "missing", Ct));
    }

    [Fact]
    public virtual async Task The_first_expiry_wins_and_current_edges_exclude_expired_and_closed_records()
    {
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "e1", GraphVertexKinds.Entity), Vertex(A, "e2", GraphVertexKinds.Entity), Vertex(A, "t1", GraphVertexKinds.Tag), Vertex(A, "i2")],
        [
            Edge(A, "i1", "e1", id: "open"),
            Edge(A, "i1", "e2", id: "expired"),
            Edge(A, "i1", "e2", id: "closed") with { ValidTo = At(2) },
            Edge(A, "i1", "t1", GraphEdgeLabels.Tagged, id: "tag"),
            Edge(A, "i2", "i1", GraphEdgeLabels.LinksTo, id: "incoming"),
        ]);

        await ApplyAsync(A, expirations: [new EdgeExpiration("expired", At(3))]);
        await ApplyAsync(A, expirations: [new EdgeExpiration("expired", At(4)), new EdgeExpiration("missing", At(4))]);

        Assert.Equal(At(3), (await Graph.GetEdgeAsync(A, "expired", Ct))?.ExpiredAt);
        Assert.Equal(["incoming", "open", "tag"], Ids(await Graph.GetCurrentEdgesAsync(A, "i1", null, Ct)));
        Assert.Equal(["open"], Ids(await Graph.GetCurrentEdgesAsync(A, "i1", GraphEdgeLabels.Mentions, Ct)));
        Assert.Equal(["incoming"], Ids(await Graph.GetCurrentEdgesAsync(A, "i1", GraphEdgeLabels.LinksTo, Ct)));
        Assert.Empty(await Graph.GetCurrentEdgesAsync(B, "i1", null, Ct));
    }

    [Fact]
    public virtual async Task Batched_reads_return_the_vertices_and_current_edges_of_many_vertices_once_each()
    {
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "i2"), Vertex(A, "i3"), Vertex(A, "e1", GraphVertexKinds.Entity), Vertex(A, "t1", GraphVertexKinds.Tag)],
        [
            Edge(A, "i1", "e1", id: "m1"),
            Edge(A, "i2", "e1", id: "m2"),
            Edge(A, "i2", "t1", GraphEdgeLabels.Tagged, id: "tag2"),
            Edge(A, "i1", "i2", GraphEdgeLabels.LinksTo, id: "between"),
            Edge(A, "i3", "i1", GraphEdgeLabels.LinksTo, id: "incoming"),
            Edge(A, "i3", "e1", id: "other"),
            Edge(A, "i1", "t1", GraphEdgeLabels.Tagged, id: "closed") with { ValidTo = At(2) },
        ]);
        await ApplyAsync(B, [Vertex(B, "i1"), Vertex(B, "e1", GraphVertexKinds.Entity)], [Edge(B, "i1", "e1", id: "b-m1")]);

        Assert.Equal(["i1", "i2"], Ids(await Graph.GetVerticesAsync(A, ["i1", "i2", "missing", "i1"], Ct)));
        Assert.Empty(await Graph.GetVerticesAsync(A, [], Ct));
        Assert.Equal(["i1"], Ids(await Graph.GetVerticesAsync(B, ["i1", "i2"], Ct)));
        Assert.Equal(["between", "incoming", "m1", "m2", "tag2"], Ids(await Graph.GetCurrentEdgesForAsync(A, ["i1", "i2"], null, Ct)));
        Assert.Equal(["m1", "m2"], Ids(await Graph.GetCurrentEdgesForAsync(A, ["i1", "i2"], GraphEdgeLabels.Mentions, Ct)));
        Assert.Empty(await Graph.GetCurrentEdgesForAsync(A, [], null, Ct));
        Assert.Equal(["b-m1"], Ids(await Graph.GetCurrentEdgesForAsync(B, ["i1", "i2"], null, Ct)));
    }

    [Fact]
    public virtual async Task Entities_are_found_by_normalised_name_or_alias_in_their_own_partition()
    {
        await ApplyAsync(A,
        [
            Vertex(A, "k", GraphVertexKinds.Entity, "Kubernetes", normalizedName: "kubernetes", aliases: ["k8s", "kube"]),
            Vertex(A, "d", GraphVertexKinds.Entity, "Docker", normalizedName: "docker"),
            Vertex(A, "t", GraphVertexKinds.Tag, "kubernetes", normalizedName: "kubernetes"),
        ]);
        await ApplyAsync(B, [Vertex(B, "k", GraphVertexKinds.Entity, "Kubernetes", normalizedName: "kubernetes")]);

        Assert.Equal(["k"], Ids(await Graph.FindEntitiesAsync(A, ["k8s"], Ct)));
        Assert.Equal(["d", "k"], Ids(await Graph.FindEntitiesAsync(A, ["kubernetes", "docker", "nothing"], Ct)));
        Assert.Empty(await Graph.FindEntitiesAsync(A, ["Kubernetes"], Ct));
        Assert.Empty(await Graph.FindEntitiesAsync(A, [], Ct));
    }

    [Fact]
    public virtual async Task Entities_are_listed_without_merged_ones_items_tags_or_other_partitions()
    {
        await ApplyAsync(A,
        [
            Vertex(A, "k", GraphVertexKinds.Entity, "Kubernetes", normalizedName: "kubernetes"),
            Vertex(A, "d", GraphVertexKinds.Entity, "Docker", normalizedName: "docker"),
            Vertex(A, "old", GraphVertexKinds.Entity, "Kube", normalizedName: "kube") with { MergedIntoId = "k", MergedAt = At(1) },
            Vertex(A, "t", GraphVertexKinds.Tag, "kubernetes", normalizedName: "kubernetes"),
            Vertex(A, "i"),
        ]);
        await ApplyAsync(B, [Vertex(B, "b", GraphVertexKinds.Entity, "Paris", normalizedName: "paris")]);

        Assert.Equal(["d", "k"], Ids(await Graph.ListEntitiesAsync(A, 10, Ct)));
        Assert.Single(await Graph.ListEntitiesAsync(A, 1, Ct));
        Assert.Empty(await Graph.ListEntitiesAsync(A, 0, Ct));
        Assert.Equal(["b"], Ids(await Graph.ListEntitiesAsync(B, 10, Ct)));
    }

    [Fact]
    public virtual async Task A_closed_edge_shows_before_its_close_and_known_at_sees_what_was_believed_then()
    {
        // Mentioned from minute 0; an edit at minute 10 removed it, applied (recorded) at minute 11.
        var open = Edge(A, "i1", "e1");
        var closed = open with { Id = GraphIds.ClosedCopy(open.Id, At(10)), ValidTo = At(10), RecordedAt = At(11), UpdatedAt = At(11) };
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "e1", GraphVertexKinds.Entity)], [open]);
        await ApplyAsync(A, inserts: [closed], expirations: [new EdgeExpiration(open.Id, At(11))]);

        Assert.Equal([closed.Id], Ids((await SnapshotAsync(A, At(5))).Edges));
        Assert.Empty((await SnapshotAsync(A, At(10))).Edges);
        Assert.Equal([open.Id], Ids((await SnapshotAsync(A, At(10), knownAt: At(10))).Edges));
        Assert.Equal([open.Id], Ids((await SnapshotAsync(A, At(30), knownAt: At(10))).Edges));
        Assert.Empty((await SnapshotAsync(A, At(30), knownAt: At(12))).Edges);
        Assert.Empty(await Graph.GetCurrentEdgesAsync(A, "i1", null, Ct));
    }

    [Fact]
    public virtual async Task Vertices_show_only_inside_their_valid_and_recorded_time()
    {
        await ApplyAsync(A, [Vertex(A, "old", validFrom: At(0)) with { ValidTo = At(5) }, Vertex(A, "new", validFrom: At(10))]);

        Assert.Equal(["old"], Ids((await SnapshotAsync(A, At(1))).Vertices));
        Assert.Equal(["new"], Ids((await SnapshotAsync(A, At(20))).Vertices));
        Assert.Empty((await SnapshotAsync(A, At(20), knownAt: At(9))).Vertices);
    }

    [Fact]
    public virtual async Task A_center_reaches_depth_hops_over_visible_edges_in_either_direction_nearest_first()
    {
        // a → b ← c → d, and a → x whose edge is already closed.
        await ApplyAsync(A, [Vertex(A, "a"), Vertex(A, "b"), Vertex(A, "c"), Vertex(A, "d"), Vertex(A, "x")],
        [
            Edge(A, "a", "b", GraphEdgeLabels.LinksTo), Edge(A, "c", "b", GraphEdgeLabels.LinksTo), Edge(A, "c", "d", GraphEdgeLabels.CoRead),
            Edge(A, "a", "x", GraphEdgeLabels.LinksTo) with { ValidTo = At(1) },
        ]);

        var one = await SnapshotAsync(A, At(2), center: "a", depth: 1);
        Assert.Equal(["a", "b"], Ids(one.Vertices));
        Assert.Single(one.Edges);
        Assert.False(one.Truncated);

        var three = await SnapshotAsync(A, At(2), center: "a", depth: 3);
        Assert.Equal(["a", "b", "c", "d"], Ids(three.Vertices));
        Assert.Equal(3, three.Edges.Count);

        var limited = await SnapshotAsync(A, At(2), center: "a", depth: 3, limit: 3);
        Assert.Equal(["a", "b", "c"], Ids(limited.Vertices));
        Assert.Equal(2, limited.Edges.Count);
        Assert.True(limited.Truncated);

        var onlyLinks = await SnapshotAsync(A, At(2), center: "a", depth: 3, labels: [GraphEdgeLabels.LinksTo]);
        Assert.Equal(["a", "b", "c"], Ids(onlyLinks.Vertices));

        Assert.Equal(["a", "b", "x"], Ids((await SnapshotAsync(A, At(0), center: "a", depth: 1)).Vertices));
        Assert.Empty((await SnapshotAsync(A, At(2), center: "missing")).Vertices);
        Assert.Empty((await SnapshotAsync(B, At(2), center: "a")).Vertices);
    }

    [Fact]
    public virtual async Task An_item_to_item_edge_stored_once_is_current_from_both_ends_and_keeps_its_fractional_weight()
    {
        // similar_to and co_read are undirected but stored once, from the ordinally smaller item id.
        var similar = Edge(A, "a", "b", GraphEdgeLabels.SimilarTo) with { Weight = 0.812345, Evidence = ["a", "b"] };
        var coRead = Edge(A, "b", "c", GraphEdgeLabels.CoRead, count: 2) with { Weight = 2, Evidence = ["b", "c"] };
        await ApplyAsync(A, [Vertex(A, "a"), Vertex(A, "b"), Vertex(A, "c"), Vertex(A, "e", GraphVertexKinds.Entity)], [similar, coRead, Edge(A, "a", "e")]);

        Assert.Equal([similar.Id], Ids(await Graph.GetCurrentEdgesAsync(A, "b", GraphEdgeLabels.SimilarTo, Ct)));
        Assert.Equal([coRead.Id], Ids(await Graph.GetCurrentEdgesAsync(A, "c", GraphEdgeLabels.CoRead, Ct)));
        var fromB = await SnapshotAsync(A, At(1), center: "b", depth: 1, labels: [GraphEdgeLabels.SimilarTo]);
        Assert.Equal(["a", "b"], Ids(fromB.Vertices));
        var derived = await SnapshotAsync(A, At(1), labels: [GraphEdgeLabels.SimilarTo, GraphEdgeLabels.CoRead]);
        Assert.Equal(Ids([similar, coRead]), Ids(derived.Edges));
        var read = derived.Edges.Single(e => e.Id == similar.Id);
        Assert.Equal(0.812345, read.Weight);
        Assert.Equal(["a", "b"], read.Evidence);
        Assert.Equal(2, derived.Edges.Single(e => e.Id == coRead.Id).Count);
    }

    [Fact]
    public virtual async Task A_community_vertex_closed_and_reopened_by_upsert_keeps_its_membership_history()
    {
        // en-a belongs to cm-1 from minute 1; at minute 5 it moves to cm-2 and cm-1 dissolves.
        var cm1 = Vertex(A, "cm-1", GraphVertexKinds.Community, "Alpha, Beta", At(1));
        var first = Edge(A, "en-a", "cm-1", GraphEdgeLabels.MemberOf, At(1));
        await ApplyAsync(A, [Vertex(A, "en-a", GraphVertexKinds.Entity, "Alpha"), cm1], [first]);
        var moved = Edge(A, "en-a", "cm-2", GraphEdgeLabels.MemberOf, At(5)) with { RecordedAt = At(5), UpdatedAt = At(5) };
        var closed = first with { Id = GraphIds.ClosedCopy(first.Id, At(5)), ValidTo = At(5), RecordedAt = At(5), UpdatedAt = At(5) };
        await ApplyAsync(
            A,
            [cm1 with { ValidTo = At(5), UpdatedAt = At(5) }, Vertex(A, "cm-2", GraphVertexKinds.Community, "Alpha", At(5))],
            [closed, moved],
            [new EdgeExpiration(first.Id, At(5))]);

        var before = await SnapshotAsync(A, At(3));
        Assert.Equal(["cm-1", "en-a"], Ids(before.Vertices));
        Assert.Equal([closed.Id], Ids(before.Edges));
        var after = await SnapshotAsync(A, At(6));
        Assert.Equal(["cm-2", "en-a"], Ids(after.Vertices));
        Assert.Equal([moved.Id], Ids(after.Edges));
        Assert.Equal([moved.Id], Ids(await Graph.GetCurrentEdgesAsync(A, "en-a", GraphEdgeLabels.MemberOf, Ct)));
        Assert.Equal([first.Id], Ids((await SnapshotAsync(A, At(3), knownAt: At(4))).Edges));

        // The community comes back under a new name: the same vertex, its first valid time kept.
        await ApplyAsync(A, [cm1 with { Name = "Alpha, Gamma", UpdatedAt = At(9) }]);
        var back = await Graph.GetVertexAsync(A, "cm-1", Ct);
        Assert.Equal((GraphVertexKinds.Community, "Alpha, Gamma", At(1), (DateTimeOffset?)null), (back!.Kind, back.Name, back.ValidFrom, back.ValidTo));
    }

    [Fact]
    public virtual async Task The_whole_graph_respects_the_limit_and_keeps_only_edges_among_returned_vertices()
    {
        var vertices = Enumerable.Range(0, 6).Select(i => Vertex(A, "v" + i)).ToList();
        var edges = Enumerable.Range(0, 5).Select(i => Edge(A, "v" + i, "v" + (i + 1), GraphEdgeLabels.CoRead)).ToList();
        await ApplyAsync(A, vertices, edges);

        var all = await SnapshotAsync(A, At(1));
        Assert.Equal(6, all.Vertices.Count);
        Assert.Equal(5, all.Edges.Count);
        Assert.False(all.Truncated);

        var part = await SnapshotAsync(A, At(1), limit: 4);
        Assert.Equal(4, part.Vertices.Count);
        Assert.True(part.Truncated);
        var returned = part.Vertices.Select(v => v.Id).ToHashSet();
        Assert.All(part.Edges, e => Assert.True(returned.Contains(e.FromId) && returned.Contains(e.ToId)));
    }

    [Fact]
    public virtual async Task Deleting_an_edge_or_a_vertex_removes_it_with_its_history_and_nothing_else()
    {
        var open = Edge(A, "i1", "e1");
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "i2"), Vertex(A, "e1", GraphVertexKinds.Entity)],
            [open, open with { Id = "old", ValidTo = At(1) }, Edge(A, "i2", "e1"), Edge(A, "i2", "i1", GraphEdgeLabels.LinksTo, id: "link")]);
        await ApplyAsync(B, [Vertex(B, "i1"), Vertex(B, "e1", GraphVertexKinds.Entity)], [Edge(B, "i1", "e1")]);

        Assert.True(await Graph.DeleteEdgeAsync(A, "link", Ct));
        Assert.False(await Graph.DeleteEdgeAsync(A, "link", Ct));
        Assert.Null(await Graph.GetEdgeAsync(A, "link", Ct));

        Assert.True(await Graph.DeleteVertexAsync(A, "i1", Ct));
        Assert.False(await Graph.DeleteVertexAsync(A, "i1", Ct));
        Assert.Null(await Graph.GetVertexAsync(A, "i1", Ct));
        Assert.Null(await Graph.GetEdgeAsync(A, open.Id, Ct));
        Assert.Null(await Graph.GetEdgeAsync(A, "old", Ct));
        Assert.Single(await Graph.GetCurrentEdgesAsync(A, "e1", null, Ct));
        Assert.Single(await Graph.GetCurrentEdgesAsync(B, "i1", null, Ct));
    }

    [Fact]
    public virtual async Task Erasing_a_user_removes_their_whole_graph_only()
    {
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "e1", GraphVertexKinds.Entity, normalizedName: "x")], [Edge(A, "i1", "e1")]);
        await ApplyAsync(B, [Vertex(B, "i1"), Vertex(B, "e1", GraphVertexKinds.Entity, normalizedName: "x")], [Edge(B, "i1", "e1")]);

        await Graph.EraseUserAsync(A, Ct);
        await Graph.EraseUserAsync(A, Ct);

        Assert.Empty((await SnapshotAsync(A, At(1))).Vertices);
        Assert.Empty(await Graph.FindEntitiesAsync(A, ["x"], Ct));
        Assert.Equal(2, (await SnapshotAsync(B, At(1))).Vertices.Count);
        Assert.Single((await SnapshotAsync(B, At(1))).Edges);
    }

    /// <summary>Whether the adapter keeps a graph version (<see cref="IGraphStore.GetVersionAsync"/>); one that does not answers null.</summary>
    protected virtual bool KeepsVersions => true;

    [Fact]
    public virtual async Task The_version_changes_with_every_write_of_the_user_and_only_theirs()
    {
        await ApplyAsync(A, [Vertex(A, "i1"), Vertex(A, "e1", GraphVertexKinds.Entity)], [Edge(A, "i1", "e1"), Edge(A, "e1", "i1", GraphEdgeLabels.LinksTo, id: "link")]);
        await ApplyAsync(B, [Vertex(B, "i1")]);
        var seen = new List<string?> { await Graph.GetVersionAsync(A, Ct) };
        var other = await Graph.GetVersionAsync(B, Ct);

        await ApplyAsync(A, updates: [Edge(A, "i1", "e1", count: 3)]);
        seen.Add(await Graph.GetVersionAsync(A, Ct));
        Assert.True(await Graph.DeleteEdgeAsync(A, "link", Ct));
        seen.Add(await Graph.GetVersionAsync(A, Ct));
        Assert.True(await Graph.DeleteVertexAsync(A, "i1", Ct));
        seen.Add(await Graph.GetVersionAsync(A, Ct));
        var unchanged = await Graph.GetVersionAsync(A, Ct);

        if (!KeepsVersions)
        {
            Assert.All(seen.Append(other).Append(unchanged), Assert.Null);
            return;
        }

        Assert.All(seen, v => Assert.False(string.IsNullOrEmpty(v)));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen[^1], unchanged);
        Assert.Equal(other, await Graph.GetVersionAsync(B, Ct));
    }
}
