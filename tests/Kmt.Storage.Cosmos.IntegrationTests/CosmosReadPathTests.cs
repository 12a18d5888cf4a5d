using System.Collections.Concurrent;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Cosmos.Tags;
using Kmt.Storage.Contracts;
using Kmt.Storage.Cosmos.Knowledge;
using Kmt.Testing.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Cosmos.IntegrationTests;

/// <summary>
/// The Cosmos DB dialect of the read path (docs/design/storage.md, "Access counts"): a GET of an item
/// is one point read (GET of the document, no query, no replace, no patch); the batched access
/// counts reach the document later as one Patch, never a replace. A request handler in the client
/// records what goes over the wire.
/// </summary>
public sealed class CosmosReadPathTests : IAsyncLifetime
{
    private static CancellationToken Ct => CancellationToken.None;

    private readonly RecordingHandler _recorder = new();
    private readonly string _databaseName = CosmosTestEnvironment.NewDatabaseName("readpath");
    private CosmosDatabase _database = null!;

    public async Task InitializeAsync()
    {
        var environment = await CosmosTestEnvironment.GetAsync();
        var options = new CosmosStoreOptions
        {
            ConnectionString = environment.ConnectionString,
            Database = _databaseName,
            CreateIfNotExists = true,
            AcceptLoopbackCertificate = true,
            UseTransactionalBatch = false,
            UsePartitionDelete = false,
        };
        var clientOptions = CosmosDatabase.CreateClientOptions(options);
        clientOptions.CustomHandlers.Add(_recorder);
        _database = new CosmosDatabase(options, new CosmosClient(options.ConnectionString, clientOptions));
        await _database.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _database.Database.DeleteAsync();
        }
        catch (CosmosException)
        {
            // Already gone.
        }

        _database.Dispose();
    }

    [Fact]
    public async Task A_get_is_one_point_read_and_its_access_reaches_the_store_as_one_patch()
    {
        var store = new CosmosKnowledgeStore(_database);
        var user = new AuthenticatedUser(Ids.New(), Roles.User, Ids.New());
        var item = StoreContract.NewItem(user.UserId, "Point read");
        await store.CreateAsync(item, Ct);
        var pending = new PendingAccesses(store, Options.Create(new AccessCountingOptions()));
        var service = new KnowledgeService(store, new CosmosTagStore(_database), Options.Create(new KmtLimits()), TimeProvider.System, accesses: pending);

        _recorder.Clear();
        var read = await service.GetAsync(user, item.Id, Ct);

        var request = Assert.Single(_recorder.Requests);
        Assert.Equal("GET", request.Method);
        Assert.EndsWith($"/docs/{item.Id}", request.Path, StringComparison.Ordinal);
        Assert.Equal(item.AccessCount + 1, read.AccessCount);

        _recorder.Clear();
        await pending.FlushAsync(Ct);

        var patch = Assert.Single(_recorder.Requests);
        Assert.Equal("PATCH", patch.Method);
        Assert.EndsWith($"/docs/{item.Id}", patch.Path, StringComparison.Ordinal);
        var stored = await store.GetAsync(user.UserId, item.Id, Ct);
        Assert.Equal(item.AccessCount + 1, stored!.AccessCount);
        Assert.Equal(item.ETag, stored.ETag);
    }

    private sealed record Recorded(string Method, string Path, double RequestCharge);

    private sealed class RecordingHandler : RequestHandler
    {
        private readonly ConcurrentQueue<Recorded> _requests = new();

        public IReadOnlyList<Recorded> Requests => [.. _requests.Where(r => r.Path.Contains("/docs", StringComparison.Ordinal))];

        public void Clear() => _requests.Clear();

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            _requests.Enqueue(new Recorded(request.Method.Method, request.RequestUri.OriginalString.TrimEnd('/'), response.Headers.RequestCharge));
            return response;
        }
    }
}
