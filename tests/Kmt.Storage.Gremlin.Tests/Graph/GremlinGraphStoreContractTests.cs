using Kmt.Storage.Contracts;

namespace Kmt.Storage.Gremlin.Tests.Graph;

/// <summary>The graph contract on the Gremlin adapter, through the test endpoint (a test double of Cosmos DB for Apache Gremlin).</summary>
public sealed class GremlinGraphStoreContractTests(GremlinGraphFixture fixture) : GraphStoreContract, IClassFixture<GremlinGraphFixture>
{
    protected override Task<IStoreSet> CreateStoresAsync() => Task.FromResult<IStoreSet>(StoreSet.GraphOnly(fixture.Store));

    // GremlinGraphStore.GetVersionAsync: no version is kept on Cosmos DB for Apache Gremlin yet.
    protected override bool KeepsVersions => false;
}
