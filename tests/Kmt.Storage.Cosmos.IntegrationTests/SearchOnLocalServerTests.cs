using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Cosmos.IntegrationTests;

/// <summary>
/// The local Cosmos DB server lacks the full-text functions and VectorDistance: the adapter answers
/// FEATURE_UNAVAILABLE naming what is missing (501 through the API), never an unexplained server error.
/// </summary>
public sealed class SearchOnLocalServerTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    [Fact]
    public async Task Full_text_search_is_feature_unavailable_naming_full_text_search()
    {
        var stores = await fixture.CreateStoresAsync();

        var error = await Assert.ThrowsAsync<KmtException>(() => stores.Knowledge.SearchAsync(
            new KnowledgeSearchQuery { UserId = Ids.New(), Query = SearchQueryParser.Parse("entropy"), Skip = 0, Take = 10 }, CancellationToken.None));

        Assert.Equal(ErrorCode.FeatureUnavailable, error.Code);
        Assert.Contains("full-text search", error.Message, StringComparison.Ordinal);
    }
}
