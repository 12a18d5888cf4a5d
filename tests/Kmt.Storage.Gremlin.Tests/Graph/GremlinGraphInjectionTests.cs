using Kmt.Core.Graph;
using Kmt.Storage.Contracts;

namespace Kmt.Storage.Gremlin.Tests.Graph;

/// <summary>
/// Gremlin injection through the graph store: hostile user ids, vertex and edge ids, names, aliases,
/// relationship types, evidence and metadata travel as bindings, never as script text, round-trip unchanged,
/// and touch nothing of another user (a sentinel graph stays as it was). Ids drop the four characters Cosmos
/// forbids in ids ('/', '\', '?', '#'); KMT's own ids are GUIDs and hex digests (GraphIds).
/// </summary>
public sealed class GremlinGraphInjectionTests(GremlinGraphFixture fixture) : IClassFixture<GremlinGraphFixture>
{
    private static readonly DateTimeOffset T0 = StoreContract.T0;
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<string> Hostile()
    {
        var data = new TheoryData<string>();
        foreach (var value in GremlinInjectionTests.Hostile)
        {
            data.Add(value);
        }

        data.Add("x').drop().V('");
        data.Add("x\")).drop();g.V(\"");
        data.Add("\\\\\\'\\\"");
        data.Add("e\u0301 \u202e \ud83d\udca5 \u0000");
        data.Add("q" + new string('\'', 30_000) + "\\" + new string('"', 30_000));
        return data;
    }

    private static string AsId(string value) => new(value.Where(c => c is not ('/' or '\\' or '?' or '#')).ToArray());

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_values_round_trip_unchanged_and_change_nothing_else(string value)
    {
        var store = fixture.Store;
        var sentinelUser = "sentinel-" + Guid.NewGuid().ToString("N");
        await store.ApplyAsync(new GraphWriteBatch
        {
            UserId = sentinelUser,
            VertexUpserts = [GraphStoreContract.Vertex(sentinelUser, "a"), GraphStoreContract.Vertex(sentinelUser, "b")],
            EdgeInserts = [GraphStoreContract.Edge(sentinelUser, "a", "b", GraphEdgeLabels.LinksTo, id: "s")],
        }, Ct);

        var user = AsId(value) + "-" + Guid.NewGuid().ToString("N")[..8];
        var itemId = AsId(value) + "-item";
        var entityId = AsId(value) + "-entity";
        var edgeId = AsId(value) + "-edge";
        var item = GraphStoreContract.Vertex(user, itemId, name: value) with { SourceETag = value };
        var entity = GraphStoreContract.Vertex(user, entityId, GraphVertexKinds.Entity, value, normalizedName: value, aliases: [value, value + "2"]) with { Category = value, MergedIntoId = value };
        var metadata = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [value] = value });
        var edge = GraphStoreContract.Edge(user, itemId, entityId, GraphEdgeLabels.LinksTo, id: edgeId) with
        {
            RelationshipType = value, MetadataJson = metadata, Evidence = [value, itemId], Strength = 0.5,
        };
        var before = fixture.Server.Requests.Count;

        await store.ApplyAsync(new GraphWriteBatch { UserId = user, VertexUpserts = [item, entity], EdgeInserts = [edge] }, Ct);
        await store.ApplyAsync(new GraphWriteBatch { UserId = user, EdgeUpdates = [edge with { RelationshipType = value + value }] }, Ct);

        Assert.Equal(item, await store.GetVertexAsync(user, itemId, Ct), VertexComparer.Instance);
        Assert.Equal(entity, await store.GetVertexAsync(user, entityId, Ct), VertexComparer.Instance);
        Assert.Equal(edge with { RelationshipType = value + value }, await store.GetEdgeAsync(user, edgeId, Ct), EdgeComparer.Instance);
        Assert.Equal([entityId], (await store.FindEntitiesAsync(user, [value], Ct)).Select(v => v.Id));
        Assert.Equal([entityId], (await store.FindEntitiesAsync(user, [value + "2"], Ct)).Select(v => v.Id));
        Assert.Single(await store.GetCurrentEdgesAsync(user, itemId, GraphEdgeLabels.LinksTo, Ct));
        var snapshot = await store.QueryAsync(new GraphSnapshotQuery { UserId = user, AsOf = T0, KnownAt = T0, CenterId = itemId, Depth = 1, Limit = 10 }, Ct);
        Assert.Equal(2, snapshot.Vertices.Count);
        Assert.True(await store.DeleteEdgeAsync(user, edgeId, Ct));
        await store.EraseUserAsync(user, Ct);
        Assert.Null(await store.GetVertexAsync(user, itemId, Ct));

        var sentinel = await store.QueryAsync(new GraphSnapshotQuery { UserId = sentinelUser, AsOf = T0, KnownAt = T0, Limit = 10 }, Ct);
        Assert.Equal(2, sentinel.Vertices.Count);
        Assert.Single(sentinel.Edges);
        foreach (var request in fixture.Server.Requests.Skip(before))
        {
            // Without its binding names, a script is step names, quoted vocabulary words and punctuation only.
            var text = System.Text.RegularExpressions.Regex.Replace(request.Script, @"_v[0-9]+", string.Empty);
            Assert.Matches(@"^[A-Za-z_().,' \[\]]+$", text);
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }
}
