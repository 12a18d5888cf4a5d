using System.Net;
using Kmt.Testing.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Kmt.Storage.Cosmos.IntegrationTests;

/// <summary>
/// What the shim promises, checked with the SDK itself (Gateway mode, as the adapter uses it): the
/// server's gaps it fills (query plans, 404) and the ones it does not (transactional batch).
/// </summary>
public sealed class ShimTests : IAsyncLifetime
{
    private CosmosTestEnvironment _env = null!;
    private CosmosClient _client = null!;
    private Container _container = null!;

    public async Task InitializeAsync()
    {
        _env = await CosmosTestEnvironment.GetAsync();
        _client = CreateClient(_env);
        var database = (await _client.CreateDatabaseIfNotExistsAsync(CosmosTestEnvironment.NewDatabaseName("shim"))).Database;
        _container = (await database.CreateContainerIfNotExistsAsync("things", "/userId")).Container;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await Task.CompletedTask;
    }

    public static CosmosClient CreateClient(CosmosTestEnvironment env) => new(env.ConnectionString, new CosmosClientOptions
    {
        ConnectionMode = ConnectionMode.Gateway,
        LimitToEndpoint = true,
        HttpClientFactory = () => new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (request, _, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || CosmosEmulatorShim.IsLoopback(request.RequestUri!.Host),
        }),
    });

    private sealed record Thing(string id, string userId, string name, int rank);

    [Fact]
    public async Task Crud_and_a_missing_item_is_404()
    {
        var thing = new Thing(Guid.NewGuid().ToString(), "u1", "a", 1);
        var created = await _container.CreateItemAsync(thing, new PartitionKey("u1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await _container.ReadItemAsync<Thing>(thing.id, new PartitionKey("u1"));
        Assert.Equal(thing, read.Resource);

        var missing = await Assert.ThrowsAsync<CosmosException>(() => _container.ReadItemAsync<Thing>(Guid.NewGuid().ToString(), new PartitionKey("u1")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, missing.SubStatusCode);

        using var stream = await _container.ReadItemStreamAsync(Guid.NewGuid().ToString(), new PartitionKey("u1"));
        Assert.Equal(HttpStatusCode.NotFound, stream.StatusCode);

        // Another partition's id is "not found" too.
        var otherPartition = await Assert.ThrowsAsync<CosmosException>(() => _container.ReadItemAsync<Thing>(thing.id, new PartitionKey("u2")));
        Assert.Equal(HttpStatusCode.NotFound, otherPartition.StatusCode);

        var conflict = await Assert.ThrowsAsync<CosmosException>(() => _container.CreateItemAsync(thing, new PartitionKey("u1")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var stale = await Assert.ThrowsAsync<CosmosException>(() => _container.ReplaceItemAsync(thing with { rank = 2 }, thing.id, new PartitionKey("u1"), new ItemRequestOptions { IfMatchEtag = "\"stale\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await _container.ReplaceItemAsync(thing with { rank = 2 }, thing.id, new PartitionKey("u1"), new ItemRequestOptions { IfMatchEtag = read.ETag });

        var patched = await _container.PatchItemAsync<Thing>(thing.id, new PartitionKey("u1"), [PatchOperation.Increment("/rank", 1)]);
        Assert.Equal(3, patched.Resource.rank);

        await _container.DeleteItemAsync<Thing>(thing.id, new PartitionKey("u1"));
        var deletedAgain = await Assert.ThrowsAsync<CosmosException>(() => _container.DeleteItemAsync<Thing>(thing.id, new PartitionKey("u1")));
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task Order_by_with_continuation_count_and_read_many_pass_through_the_shim()
    {
        var user = "u-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 7; i++)
        {
            await _container.CreateItemAsync(new Thing(Guid.NewGuid().ToString(), user, "n" + i, (i * 3) % 7), new PartitionKey(user));
        }

        await _container.CreateItemAsync(new Thing(Guid.NewGuid().ToString(), "someone-else", "x", 0), new PartitionKey("someone-else"));
        var plansBefore = _env.Shim.QueryPlansAnswered;

        var query = new QueryDefinition("SELECT * FROM c WHERE c.userId = @u ORDER BY c.rank DESC").WithParameter("@u", user);
        var ranks = new List<int>();
        string? continuation = null;
        var pages = 0;
        do
        {
            using var iterator = _container.GetItemQueryIterator<Thing>(query, continuation, new QueryRequestOptions { PartitionKey = new PartitionKey(user), MaxItemCount = 3 });
            var page = await iterator.ReadNextAsync();
            ranks.AddRange(page.Select(t => t.rank));
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal([6, 5, 4, 3, 2, 1, 0], ranks);
        Assert.Equal(3, pages);

        var countQuery = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.userId = @u").WithParameter("@u", user);
        using (var counter = _container.GetItemQueryIterator<long>(countQuery, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(user) }))
        {
            var counts = new List<long>();
            while (counter.HasMoreResults)
            {
                counts.AddRange(await counter.ReadNextAsync());
            }

            Assert.Equal(7, counts.Sum());
        }

        Assert.True(_env.Shim.QueryPlansAnswered > plansBefore, "the SDK asked the gateway for query plans and the shim answered");

        var ids = new List<string>();
        using (var all = _container.GetItemQueryIterator<Thing>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(user) }))
        {
            while (all.HasMoreResults)
            {
                ids.AddRange((await all.ReadNextAsync()).Select(t => t.id));
            }
        }

        var many = await _container.ReadManyItemsAsync<Thing>([(ids[0], new PartitionKey(user)), (ids[1], new PartitionKey(user)), (Guid.NewGuid().ToString(), new PartitionKey(user))]);
        Assert.Equal(2, many.Count);
    }

    [Fact]
    public async Task Transactional_batch_is_not_supported_by_the_local_server()
    {
        // Why the adapter runs with UseTransactionalBatch=false here: the server cannot read the batch body.
        var user = "u-" + Guid.NewGuid().ToString("N");
        var batch = _container.CreateTransactionalBatch(new PartitionKey(user))
            .CreateItem(new Thing(Guid.NewGuid().ToString(), user, "a", 1))
            .CreateItem(new Thing(Guid.NewGuid().ToString(), user, "b", 2));

        TransactionalBatchResponse? response = null;
        try
        {
            response = await batch.ExecuteAsync();
        }
        catch (Exception e) when (e is CosmosException or HttpRequestException)
        {
            // Also "not supported": the server fails on the binary batch body.
        }

        Assert.False(response?.IsSuccessStatusCode ?? false);
    }

    [Fact]
    public async Task Answers_without_a_body_keep_the_connection_usable()
    {
        // The local server sends a body with its 204s; the shim used to write it, Kestrel threw after the
        // status line was out and dropped the connection, and the next request on it failed with "the
        // response ended prematurely" (a rare 500 in the end-to-end suite). One pooled connection makes
        // the next request reuse it every time.
        using var client = new CosmosClient(_env.ConnectionString, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                SslOptions = new System.Net.Security.SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
            }),
        });
        var container = client.GetContainer(_container.Database.Id, _container.Id);
        for (var i = 0; i < 30; i++)
        {
            var thing = new Thing(Guid.NewGuid().ToString(), "u-204", "a", i);
            await container.CreateItemAsync(thing, new PartitionKey("u-204"));
            using var deleted = await container.DeleteItemStreamAsync(thing.id, new PartitionKey("u-204"));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
    }
}
