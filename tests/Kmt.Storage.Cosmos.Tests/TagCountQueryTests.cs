using Kmt.Storage.Cosmos.Knowledge;

namespace Kmt.Storage.Cosmos.Tests;

/// <summary>Defect 9 of issue 7: GET tags counts each tag from the index instead of reading every item.</summary>
public class TagCountQueryTests
{
    [Fact]
    public void A_tag_is_counted_by_an_aggregate_the_index_serves()
    {
        var query = CosmosTagCountQuery.For("user-1", "science/physics");

        Assert.Equal(
            "SELECT VALUE COUNT(1) FROM c WHERE c.userId = @u AND c.type = @type AND c.isDeleted = false AND ARRAY_CONTAINS(c.tags, @tag)",
            query.Text);
        Assert.Equal("user-1", query["@u"]);
        Assert.Equal("item", query["@type"]);
        Assert.Equal("science/physics", query["@tag"]);
    }
}
