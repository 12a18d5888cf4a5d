using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Embedded.Tests;

public sealed class KnowledgeStoreTests : TestDatabase
{
    private const string User = "user-a";

    [Fact]
    public async Task Erase_removes_item_versions_tags_and_search_entry()
    {
        var item = await AddItemAsync(User, "Quantum entanglement", "spooky action", ["physics"]);
        var updated = item with { Content = "spooky action at a distance", Version = 2, ETag = ETags.New() };
        await Items.ReplaceAsync(updated, item.ETag, Version(item, T0), Ct);

        Assert.True(await Items.EraseAsync(User, item.Id, Ct));

        Assert.Null(await Items.GetAsync(User, item.Id, Ct));
        Assert.Empty((await Items.ListVersionsAsync(User, item.Id, 0, 1000, Ct)).Items);
        Assert.Empty(await Items.CountByTagAsync(User, AllTags, Ct));
        var (hits, total) = await Items.SearchAsync(Search.For(User, "quantum"), Ct);
        Assert.Empty(hits);
        Assert.Equal(0, total);
        Assert.False(await Items.EraseAsync(User, item.Id, Ct));
    }

    private static KnowledgeItemVersion Version(KnowledgeItem item, DateTimeOffset replacedAt) => new()
    {
        ItemId = item.Id,
        UserId = item.UserId,
        Version = item.Version,
        Title = item.Title,
        Content = item.Content,
        ContentType = item.ContentType,
        SourceUrl = item.SourceUrl,
        SourceType = item.SourceType,
        Tags = item.Tags,
        MetadataJson = item.MetadataJson,
        CreatedAt = item.UpdatedAt,
        ReplacedAt = replacedAt,
    };
}
