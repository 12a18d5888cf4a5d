using System.Text;
using Kmt.Core.Graph;
using Kmt.Storage.Contracts;
using Kmt.Storage.Gremlin.Errors;
using Kmt.Storage.Gremlin.Graph;
using Kmt.Storage.Gremlin.Results;
using Kmt.Storage.Gremlin.Scripts;
using Kmt.Testing.Gremlin.Server;

namespace Kmt.Storage.Gremlin.Tests.Graph;

/// <summary>
/// The Gremlin adapter's own dialect: batches split by operations and bytes, retried faults, and a batch cut
/// short at any script completed by applying it again (Cosmos has no transactions).
/// </summary>
public sealed class GremlinGraphStoreTests(GremlinGraphFixture fixture) : IClassFixture<GremlinGraphFixture>
{
    private static readonly DateTimeOffset T0 = StoreContract.T0;
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string NewUser() => "u-" + Guid.NewGuid().ToString("N")[..12];

    private static GraphWriteBatch Batch(string user) => new()
    {
        UserId = user,
        VertexUpserts = [.. Enumerable.Range(0, 7).Select(i => GraphStoreContract.Vertex(user, "v" + i))],
        EdgeInserts = [.. Enumerable.Range(0, 6).Select(i => GraphStoreContract.Edge(user, "v" + i, "v" + (i + 1), GraphEdgeLabels.CoRead))],
        EdgeExpirations = [new EdgeExpiration("seeded", T0.AddMinutes(5))],
        EdgeUpdates = [GraphStoreContract.Edge(user, "v2", "v3", GraphEdgeLabels.CoRead) with { Weight = 4, UpdatedAt = T0.AddMinutes(6) }],
    };

    /// <summary>What the batch expires exists before it (an expiry applies to records already written).</summary>
    private async Task<string> SeedAsync(string user)
    {
        await fixture.Store.ApplyAsync(new GraphWriteBatch
        {
            UserId = user,
            VertexUpserts = [GraphStoreContract.Vertex(user, "v0"), GraphStoreContract.Vertex(user, "v6")],
            EdgeInserts = [GraphStoreContract.Edge(user, "v0", "v6", GraphEdgeLabels.LinksTo, id: "seeded")],
        }, Ct);
        return user;
    }

    private async Task<string> DescribeAsync(string user)
    {
        var snapshot = await fixture.Store.QueryAsync(new GraphSnapshotQuery { UserId = user, AsOf = T0.AddMinutes(1), KnownAt = T0.AddMinutes(1), Limit = 100 }, Ct);
        var edges = await Task.WhenAll(snapshot.Edges.Select(e => fixture.Store.GetEdgeAsync(user, e.Id, Ct)));
        var text = new StringBuilder();
        foreach (var v in snapshot.Vertices.OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            text.AppendLine(v.Id);
        }

        foreach (var e in edges.OrderBy(e => e!.Id, StringComparer.Ordinal))
        {
            text.AppendLine($"{e!.FromId}->{e.ToId} w={e.Weight} expired={e.ExpiredAt:O} updated={e.UpdatedAt:O}");
        }

        return text.ToString();
    }

    [Fact]
    public async Task A_batch_goes_out_in_scripts_of_at_most_the_configured_operations()
    {
        var user = NewUser();
        var before = fixture.Server.Requests.Count;
        await fixture.Store.ApplyAsync(Batch(user), Ct);

        var scripts = fixture.Server.Requests.Skip(before).Select(r => r.Script).ToList();
        Assert.Equal(3, scripts.Count(s => s.Contains("addV(", StringComparison.Ordinal)));   // 7 upserts, 3 per script
        Assert.Equal(2, scripts.Count(s => s.Contains("addE(", StringComparison.Ordinal)));   // 6 inserts
        Assert.All(scripts.Where(s => s.StartsWith("g.inject", StringComparison.Ordinal)), s => Assert.True(Count(s, "__.V([") <= 3 * 2));
        Assert.Equal(7, (await fixture.Store.QueryAsync(new GraphSnapshotQuery { UserId = user, AsOf = T0, KnownAt = T0, Limit = 100 }, Ct)).Vertices.Count);
    }

    [Fact]
    public async Task Every_script_stays_under_the_byte_budget_and_a_heavier_operation_goes_alone()
    {
        var options = GremlinServerFixture.KeyOptions(fixture.Server);
        options.PartitionKeyProperty = "userId";
        options.MaxScriptBytes = 8 * 1024;
        await using var client = new GremlinClient(options, credential: null);
        var store = new GremlinGraphStore(client, options);
        var user = NewUser();
        var vertices = Enumerable.Range(0, 6).Select(i => GraphStoreContract.Vertex(user, "big" + i, name: new string((char)('a' + i), 3000))).ToList();
        var huge = GraphStoreContract.Vertex(user, "huge", name: new string('z', 20_000));
        var before = fixture.Server.Requests.Count;

        await store.ApplyAsync(new GraphWriteBatch { UserId = user, VertexUpserts = [.. vertices, huge] }, Ct);

        var writes = fixture.Server.Requests.Skip(before).ToList();
        Assert.Equal(4, writes.Count); // 2 + 2 + 2 of ~3.2 KB each, then the 20 KB one alone
        Assert.All(writes.SkipLast(1), w => Assert.True(Encoding.UTF8.GetByteCount(w.Script) + Encoding.UTF8.GetByteCount(w.BindingsJson) <= options.MaxScriptBytes));
        Assert.Equal(new string('z', 20_000), (await store.GetVertexAsync(user, "huge", Ct))?.Name);
    }

    [Fact]
    public async Task Throttles_and_closed_connections_are_retried_and_the_batch_lands_once()
    {
        var user = await SeedAsync(NewUser());
        var reference = await SeedAsync(NewUser());
        await fixture.Store.ApplyAsync(Batch(reference), Ct);

        fixture.Server.InjectFault(GremlinFault.Throttle(TimeSpan.FromMilliseconds(5)));
        fixture.Server.InjectFault(GremlinFault.Close1008());
        await fixture.Store.ApplyAsync(Batch(user), Ct);

        Assert.Equal(await DescribeAsync(reference), await DescribeAsync(user));
    }

    [Fact]
    public async Task A_conflict_on_an_upsert_a_racing_applier_caused_is_run_again_and_an_insert_of_a_taken_id_is_skipped()
    {
        var user = await SeedAsync(NewUser());
        fixture.Server.InjectFault(new GremlinFault(500, 409, "Resource with specified id or name already exists."));
        await fixture.Store.ApplyAsync(new GraphWriteBatch { UserId = user, VertexUpserts = [GraphStoreContract.Vertex(user, "v0", name: "renamed")] }, Ct);
        Assert.Equal("renamed", (await fixture.Store.GetVertexAsync(user, "v0", Ct))?.Name);

        // "seeded" leaves v0; an insert of that id out of v6 meets Cosmos's unique id per partition (409) and is skipped.
        var taken = GraphStoreContract.Edge(user, "v6", "v0", GraphEdgeLabels.CoRead, id: "seeded");
        var fresh = GraphStoreContract.Edge(user, "v6", "v0", GraphEdgeLabels.CoRead, id: "fresh");
        await fixture.Store.ApplyAsync(new GraphWriteBatch { UserId = user, EdgeInserts = [taken, fresh] }, Ct);
        Assert.Equal("v0", (await fixture.Store.GetEdgeAsync(user, "seeded", Ct))?.FromId);
        Assert.Equal("v6", (await fixture.Store.GetEdgeAsync(user, "fresh", Ct))?.FromId);
    }

    [Fact]
    public async Task A_batch_cut_short_after_any_script_is_completed_by_applying_it_again()
    {
        var reference = await SeedAsync(NewUser());
        await fixture.Store.ApplyAsync(Batch(reference), Ct);
        var expected = await DescribeAsync(reference);
        var counting = new FailingClient(fixture.Client, failAt: int.MaxValue);
        await new GremlinGraphStore(counting, fixture.Options).ApplyAsync(Batch(NewUser()), Ct);
        Assert.True(counting.Calls >= 8);

        for (var failAt = 1; failAt <= counting.Calls; failAt++)
        {
            var user = await SeedAsync(NewUser());
            var failing = new GremlinGraphStore(new FailingClient(fixture.Client, failAt), fixture.Options);
            await Assert.ThrowsAsync<GremlinTimeoutException>(() => failing.ApplyAsync(Batch(user), Ct));

            await fixture.Store.ApplyAsync(Batch(user), Ct);
            await fixture.Store.ApplyAsync(Batch(user), Ct);
            Assert.Equal(expected.Replace(reference, user, StringComparison.Ordinal), await DescribeAsync(user));
        }
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    /// <summary>Passes scripts to the real client until the <c>failAt</c>-th, which fails as a timeout would (not retried).</summary>
    private sealed class FailingClient(IGremlinClient inner, int failAt) : IGremlinClient
    {
        public int Calls { get; private set; }

        public Task<GremlinResultSet> SubmitAsync(GremlinScript script, CancellationToken cancellationToken = default) =>
            ++Calls == failAt
                ? throw new GremlinTimeoutException("cut short by the test", 500, 1009, null)
                : inner.SubmitAsync(script, cancellationToken);
    }
}
