using Azure.Core;
using Kmt.Storage.Gremlin.Errors;
using Kmt.Storage.Gremlin.Scripts;
using Kmt.Testing.Gremlin.Server;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>The client against the test endpoint: round trips, chunks, SASL, retries, reconnects, charge, guard.</summary>
public sealed class GremlinClientTests : IAsyncLifetime
{
    private GremlinTestServer _server = null!;

    public async Task InitializeAsync() => _server = await GremlinTestServer.StartAsync(new GremlinTestServerOptions { ChunkSize = 5 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static GremlinScript AddItem(string pk, string id)
    {
        var b = TestVocabulary.Builder();
        return b.Build(b.G().AddV("item").PropertyId(id).Property("pk", pk).Property("name", id));
    }

    private static GremlinScript ReadPartition(string pk)
    {
        var b = TestVocabulary.Builder();
        return b.Build(b.G().V().Has("pk", pk).Order().By("name"));
    }

    [Fact]
    public async Task Collects_206_chunks_up_to_the_final_200_and_reports_the_total_charge()
    {
        var logger = new ListLogger<GremlinClient>();
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null, logger);
        for (var i = 0; i < 12; i++)
        {
            var added = await client.SubmitAsync(AddItem("p", $"i{i:D2}"));
            Assert.Equal(6.1, added.RequestCharge, 6);
        }

        var result = await client.SubmitAsync(ReadPartition("p"));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(3, result.Chunks);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"i{i:D2}"), result.Items.Cast<Results.GremlinVertex>().Select(v => (string)v.Id));
        Assert.Equal(2.2, result.RequestCharge, 6);
        Assert.Equal(200L, result.StatusAttributes["x-ms-status-code"]);
        Assert.Contains(logger.Lines, l => l.Contains("2.2 RU", StringComparison.Ordinal) && l.Contains("3 responses", StringComparison.Ordinal));

        var empty = await client.SubmitAsync(ReadPartition("nobody"));
        Assert.Equal(204, empty.StatusCode);
        Assert.Empty(empty.Items);
    }

    [Fact]
    public async Task Authenticates_once_per_connection_with_the_key()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        for (var i = 0; i < 3; i++)
        {
            await client.SubmitAsync(ReadPartition("p"));
        }

        Assert.Equal(1, _server.ConnectionsAccepted);
        Assert.Equal(1, _server.Authentications);
        Assert.Equal(["test-key"], _server.SecretsSeen);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error()
    {
        var options = GremlinServerFixture.KeyOptions(_server);
        options.Key = "wrong";
        await using var client = new GremlinClient(options, null);
        var error = await Assert.ThrowsAsync<GremlinAuthenticationException>(() => client.SubmitAsync(ReadPartition("p")));
        Assert.Equal(401, error.GremlinStatusCode);
        Assert.Equal(1, _server.FailedAuthentications);
    }

    [Fact]
    public async Task Entra_mode_sends_the_access_token_and_reconnects_before_it_expires()
    {
        var time = new RecordingTimeProvider();
        var now = time.GetUtcNow();
        var credential = new SequenceTokenCredential(
            new AccessToken("entra-token-1", now.AddHours(1)),
            new AccessToken("entra-token-2", now.AddHours(2)));
        _server.Options.AcceptedSecrets.Add("entra-token-1");
        _server.Options.AcceptedSecrets.Add("entra-token-2");
        var options = GremlinServerFixture.KeyOptions(_server);
        options.AuthMode = GremlinAuthMode.Entra;
        options.Key = null;
        options.MaxConnectionAge = TimeSpan.FromDays(1);
        options.IdleTimeout = TimeSpan.FromDays(1);
        await using var client = new GremlinClient(options, credential, timeProvider: time);

        await client.SubmitAsync(ReadPartition("p"));
        time.Fake.Advance(TimeSpan.FromMinutes(50));
        await client.SubmitAsync(ReadPartition("p"));
        Assert.Equal(1, _server.ConnectionsAccepted);

        time.Fake.Advance(TimeSpan.FromMinutes(6));
        await client.SubmitAsync(ReadPartition("p"));
        Assert.Equal(2, _server.ConnectionsAccepted);
        Assert.Equal(["entra-token-1", "entra-token-2"], _server.SecretsSeen);
        Assert.All(credential.Scopes, s => Assert.Equal("https://cosmos.azure.com/.default", s));
    }

    [Fact]
    public async Task An_idle_connection_is_reopened_before_cosmos_would_close_it()
    {
        var time = new RecordingTimeProvider();
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null, timeProvider: time);
        await client.SubmitAsync(ReadPartition("p"));
        time.Fake.Advance(TimeSpan.FromMinutes(51));
        await client.SubmitAsync(ReadPartition("p"));
        Assert.Equal(2, _server.ConnectionsAccepted);
        Assert.Equal(2, client.ConnectionsOpened);
    }

    [Fact]
    public async Task A_429_is_retried_after_exactly_the_x_ms_retry_after_ms_delay()
    {
        var time = new RecordingTimeProvider();
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null, timeProvider: time);
        await client.SubmitAsync(AddItem("p", "a"));
        _server.InjectFault(GremlinFault.Throttle(TimeSpan.Parse("00:00:03.9500000", System.Globalization.CultureInfo.InvariantCulture)));

        var pending = client.SubmitAsync(ReadPartition("p"));
        await WaitUntil(() => !time.TimerDueTimes.IsEmpty || pending.IsCompleted);
        Assert.False(pending.IsCompleted);
        Assert.Equal(TimeSpan.FromMilliseconds(3950), Assert.Single(time.TimerDueTimes));
        Assert.Equal(2, _server.Requests.Count);

        time.Fake.Advance(TimeSpan.FromMilliseconds(3950));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, result.Attempts);
        Assert.Single(result.Items);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Throttling_beyond_the_retry_budget_surfaces_as_a_throttled_exception()
    {
        var options = GremlinServerFixture.KeyOptions(_server);
        options.MaxRetries = 2;
        await using var client = new GremlinClient(options, null);
        for (var i = 0; i < 3; i++)
        {
            _server.InjectFault(GremlinFault.Throttle(TimeSpan.FromMilliseconds(1)));
        }

        var error = await Assert.ThrowsAsync<GremlinThrottledException>(() => client.SubmitAsync(ReadPartition("p")));
        Assert.Equal(429, error.CosmosStatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(1), error.RetryAfter);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_1008_close_is_retried_on_a_new_connection()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        await client.SubmitAsync(AddItem("p", "a"));
        _server.InjectFault(GremlinFault.Close1008());
        var result = await client.SubmitAsync(ReadPartition("p"));
        Assert.Equal(2, result.Attempts);
        Assert.Single(result.Items);
        Assert.Equal(2, _server.ConnectionsAccepted);
        Assert.Equal(2, _server.Authentications);
    }

    [Fact]
    public async Task A_1007_close_and_a_412_are_resubmitted()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        await client.SubmitAsync(AddItem("p", "a"));
        _server.InjectFault(GremlinFault.Close1007());
        _server.InjectFault(GremlinFault.PreconditionFailed());
        var result = await client.SubmitAsync(ReadPartition("p"));
        Assert.Equal(3, result.Attempts);
        Assert.Single(result.Items);
        Assert.Equal(2, _server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_1009_timeout_is_a_timeout_error_and_not_retried()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        _server.InjectFault(GremlinFault.Timeout1009());
        var error = await Assert.ThrowsAsync<GremlinTimeoutException>(() => client.SubmitAsync(ReadPartition("p")));
        Assert.Equal(1009, error.CosmosStatusCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Conflicts_and_refused_scripts_map_to_their_exceptions()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        await client.SubmitAsync(AddItem("p", "dup"));
        var conflict = await Assert.ThrowsAsync<GremlinConflictException>(() => client.SubmitAsync(AddItem("p", "dup")));
        Assert.Equal(409, conflict.CosmosStatusCode);
        await client.SubmitAsync(AddItem("other-partition", "dup"));

        var lambda = await Assert.ThrowsAsync<GremlinScriptException>(() => client.SubmitAsync(GremlinScript.FromTrustedText("g.V().map{ it.get() }")));
        Assert.Equal(597, lambda.GremlinStatusCode);
        Assert.Contains("lambda", lambda.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_script_over_64_KB_is_refused_before_sending()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        var b = TestVocabulary.Builder();
        var t = b.G().V();
        for (var i = 0; i < 2500; i++)
        {
            t.Has("valid_from", GremlinPredicate.Gte(i));
        }

        var script = b.Build(t);
        var error = await Assert.ThrowsAsync<GremlinScriptTooLargeException>(() => client.SubmitAsync(script));
        Assert.True(error.Bytes > 64 * 1024);
        Assert.Empty(_server.Requests);
        Assert.Equal(0, _server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Parallel_requests_share_at_most_pool_size_connections()
    {
        await using var client = new GremlinClient(GremlinServerFixture.KeyOptions(_server), null);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SubmitAsync(AddItem("par", $"v{i}"))));
        Assert.All(results, r => Assert.Single(r.Items));
        Assert.InRange(_server.ConnectionsAccepted, 1, 2);
        Assert.Equal(10, _server.Graph.VertexCount);
    }

    [Fact]
    public void Misconfiguration_is_refused_at_construction()
    {
        Assert.Throws<InvalidOperationException>(() => new GremlinClient(new GremlinOptions { Endpoint = new Uri("ws://example.com/"), AuthMode = GremlinAuthMode.Key, Key = "k" }, null));
        Assert.Throws<InvalidOperationException>(() => new GremlinClient(new GremlinOptions { Endpoint = new Uri("wss://example.com/"), AuthMode = GremlinAuthMode.Key }, null));
        Assert.Throws<InvalidOperationException>(() => new GremlinClient(new GremlinOptions { Endpoint = new Uri("wss://example.com/"), AuthMode = GremlinAuthMode.Entra }, null));
        Assert.Throws<InvalidOperationException>(() => new GremlinClient(new GremlinOptions(), null));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
