using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Knowledge;

public class KnowledgeServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly Mock<ITagStore> _tags = new();
    private readonly KnowledgeService _service;
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();

    public KnowledgeServiceTests()
    {
        _service = new KnowledgeService(_store, _tags.Object, Limits(), _clock);
    }

    private Task<KnowledgeItem> CreateAsync(string title = "First", IReadOnlyList<string>? tags = null) =>
        _service.CreateAsync(_caller, new KnowledgeInput(title, "one two three", "text", null, null, tags, null, null), CancellationToken.None);

    [Fact]
    public async Task Get_records_an_access()
    {
        var item = await CreateAsync();
        _clock.Advance(TimeSpan.FromHours(2));

        var read = await _service.GetAsync(_caller, item.Id, CancellationToken.None);

        Assert.Equal(1, read.AccessCount);
        Assert.Equal(TestSupport.Start.AddHours(2), read.AccessedAt);
        Assert.Equal(item.ETag, read.ETag);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    [InlineData("0190A3F4-7B1C-7D2E-8F3A-1B2C3D4E5F60-extra")]
    [InlineData("../../etc/passwd")]
    public async Task Malformed_ids_are_404_without_touching_the_store(string id)
    {
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetAsync(_caller, id, CancellationToken.None));
    }

    [Fact]
    public async Task Another_users_item_is_404()
    {
        var item = await CreateAsync();

        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetAsync(Caller(), item.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Replace_without_if_match_is_a_validation_error()
    {
        var item = await CreateAsync();

        var error = await ThrowsValidation(() => _service.ReplaceAsync(_caller, item.Id, new KnowledgeInput("x", null, null, null, null, null, null, null), null, CancellationToken.None));

        HasError(error, "If-Match", "PUT replaces the whole item");
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var item = await CreateAsync();

        await ThrowsKmt(ErrorCode.PreconditionFailed, () => _service.ReplaceAsync(
            _caller, item.Id, new KnowledgeInput("x", null, null, null, null, null, null, null), ETags.New(), CancellationToken.None));

        Assert.Equal(item, _store.Items[(_caller.UserId, item.Id)]);
        Assert.Empty(_store.Versions);
    }

    [Fact]
    public async Task Replace_saves_the_previous_version_and_keeps_bookkeeping()
    {
        var item = await CreateAsync(tags: ["old"]);
        await _service.GetAsync(_caller, item.Id, CancellationToken.None);
        _store.Items[(_caller.UserId, item.Id)] = _store.Items[(_caller.UserId, item.Id)] with { ImportanceScore = 0.7, SourceId = "kindle:abc" };
        _clock.Advance(TimeSpan.FromDays(1));

        var replaced = await _service.ReplaceAsync(
            _caller, item.Id, new KnowledgeInput("Second", "new words here now", "note", null, null, ["new"], null, true), $"W/{item.ETag}", CancellationToken.None);

        Assert.Equal(2, replaced.Version);
        Assert.Equal("Second", replaced.Title);
        Assert.Equal(["new"], replaced.Tags);
        Assert.True(replaced.IsArchived);
        Assert.Equal(4, replaced.WordCount);
        Assert.NotEqual(item.ETag, replaced.ETag);
        Assert.Equal(item.CreatedAt, replaced.CreatedAt);
        Assert.Equal(TestSupport.Start.AddDays(1), replaced.UpdatedAt);
        Assert.Equal(1, replaced.AccessCount);
        Assert.Equal(0.7, replaced.ImportanceScore);
        Assert.Equal("kindle:abc", replaced.SourceId); // an imported item stays found by its source id: a re-import skips it

        var version = Assert.Single((await _service.ListVersionsAsync(_caller, item.Id, null, null, CancellationToken.None)).Items);
        Assert.Equal(1, version.Version);
        Assert.Equal("First", version.Title);
        Assert.Equal("one two three", version.Content);
        Assert.Equal(["old"], version.Tags);
        Assert.Equal(item.UpdatedAt, version.CreatedAt);
        Assert.Equal(TestSupport.Start.AddDays(1), version.ReplacedAt);
        _tags.Verify(t => t.EnsureExistAsync(_caller.UserId, new[] { "new" }, TagColors.Default, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Replace_validates_the_body()
    {
        var item = await CreateAsync();

        var error = await ThrowsValidation(() => _service.ReplaceAsync(
            _caller, item.Id, new KnowledgeInput(null, null, "bogus", null, null, null, null, null), item.ETag, CancellationToken.None));

        HasError(error, "title");
        HasError(error, "content_type");
    }

    [Fact]
    public async Task Soft_delete_moves_to_trash_and_restore_brings_back()
    {
        var item = await CreateAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await _service.DeleteAsync(_caller, item.Id, permanent: false, CancellationToken.None);

        var trashed = _store.Items[(_caller.UserId, item.Id)];
        Assert.Equal(TestSupport.Start.AddMinutes(5), trashed.DeletedAt);
        Assert.NotEqual(item.ETag, trashed.ETag);
        Assert.Empty(_store.Versions);
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetAsync(_caller, item.Id, CancellationToken.None));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.ReplaceAsync(
            _caller, item.Id, new KnowledgeInput("x", null, null, null, null, null, null, null), trashed.ETag, CancellationToken.None));

        await _service.DeleteAsync(_caller, item.Id, permanent: false, CancellationToken.None); // again: no-op
        Assert.Equal(trashed, _store.Items[(_caller.UserId, item.Id)]);

        var restored = await _service.RestoreAsync(_caller, item.Id, CancellationToken.None);
        Assert.Null(restored.DeletedAt);
        Assert.Equal("First", (await _service.GetAsync(_caller, item.Id, CancellationToken.None)).Title);
    }

    [Fact]
    public async Task Restoring_a_live_item_returns_it_unchanged()
    {
        var item = await CreateAsync();

        Assert.Equal(item, await _service.RestoreAsync(_caller, item.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Permanent_delete_erases_even_from_the_trash()
    {
        var item = await CreateAsync();
        await _service.DeleteAsync(_caller, item.Id, permanent: false, CancellationToken.None);

        await _service.DeleteAsync(_caller, item.Id, permanent: true, CancellationToken.None);

        Assert.Empty(_store.Items);
        await ThrowsKmt(ErrorCode.NotFound, () => _service.RestoreAsync(_caller, item.Id, CancellationToken.None));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.DeleteAsync(_caller, item.Id, permanent: true, CancellationToken.None));
        await ThrowsKmt(ErrorCode.NotFound, () => _service.DeleteAsync(_caller, item.Id, permanent: false, CancellationToken.None));
    }

    [Fact]
    public async Task Versions_of_a_missing_item_are_404()
    {
        await ThrowsKmt(ErrorCode.NotFound, () => _service.ListVersionsAsync(_caller, Ids.New(), null, null, CancellationToken.None));
    }

    private static KnowledgeInput Input(string content) => new("Title", content, "text", null, null, null, null, null);

    [Fact]
    public async Task Versions_are_paged_newest_first()
    {
        var item = await _service.CreateAsync(_caller, Input("v1"), CancellationToken.None);
        for (var i = 2; i <= 4; i++)
        {
            item = await _service.ReplaceAsync(_caller, item.Id, Input($"v{i}"), item.ETag, CancellationToken.None);
        }

        var page = await _service.ListVersionsAsync(_caller, item.Id, "2", "2", CancellationToken.None);

        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.TotalPages);
        Assert.Equal([1], page.Items.Select(v => v.Version));
        await ThrowsKmt(ErrorCode.ValidationError, () => _service.ListVersionsAsync(_caller, item.Id, "0", "1000", CancellationToken.None));
    }

    [Fact]
    public async Task A_replace_makes_a_truncated_item_whole_and_records_its_length()
    {
        var created = await _service.CreateAsync(_caller, Input("short"), CancellationToken.None);
        Assert.Equal("short".Length, created.ContentLength);
        _store.Items[(created.UserId, created.Id)] = created with { ContentTruncated = true, OriginalContentLength = 9_000_000, SourceUploadId = created.Id };

        var replaced = await _service.ReplaceAsync(_caller, created.Id, Input("new text"), created.ETag, CancellationToken.None);

        Assert.False(replaced.ContentTruncated);
        Assert.Null(replaced.OriginalContentLength);
        Assert.Equal(created.Id, replaced.SourceUploadId);
        Assert.Equal("new text".Length, replaced.ContentLength);
    }
}
