using Kmt.Storage.Cosmos.Documents;

namespace Kmt.Storage.Cosmos.Knowledge;

/// <summary>
/// The query behind one tag's item count on GET tags (defect 9 of issue 7): an aggregate whose every
/// filter (user, type, isDeleted, ARRAY_CONTAINS on tags) the container's default index serves, so
/// Cosmos DB answers it from the index without loading one item. Reading the tags of every item
/// instead cost request units in proportion to the size of the whole library.
/// </summary>
public static class CosmosTagCountQuery
{
    /// <summary>The one text; only the parameters change from tag to tag.</summary>
    public const string Text =
        "SELECT VALUE COUNT(1) FROM c WHERE c.userId = @u AND c.type = @type AND c.isDeleted = false AND ARRAY_CONTAINS(c.tags, @tag)";

    public static CosmosQueryText For(string userId, string tag) => new(
        Text,
        [new("@u", userId), new("@type", KnowledgeItemDocument.ItemType), new("@tag", tag)]);
}
