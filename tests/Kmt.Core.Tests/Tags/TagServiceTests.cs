using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Tags;

public class TagServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly Mock<ITagStore> _tags = new(MockBehavior.Strict);
    private readonly Mock<IKnowledgeStore> _items = new(MockBehavior.Strict);
    private readonly TagService _service;
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();

    public TagServiceTests()
    {
        _service = new TagService(_tags.Object, _items.Object, Limits(), _clock, new TagRenamer(_tags.Object, _items.Object, _clock, NullLogger<TagRenamer>.Instance));
        _tags.Setup(t => t.GetRenameJobAsync(_caller.UserId, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((TagRenameJob?)null);
        _tags.Setup(t => t.SaveRenameJobAsync(It.IsAny<TagRenameJob>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _tags.Setup(t => t.DeleteRenameJobAsync(_caller.UserId, It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    private Tag NewTag(string name, string color = "#6366f1") => new()
    {
        Id = Ids.New(),
        UserId = _caller.UserId,
        Name = name,
        Color = color,
        CreatedAt = TestSupport.Start,
        UpdatedAt = TestSupport.Start,
        ETag = ETags.New(),
    };

    [Fact]
    public async Task List_is_ordered_by_name_with_exact_counts()
    {
        _tags.Setup(t => t.ListAsync(_caller.UserId, It.IsAny<CancellationToken>()))
            .ReturnsAsync([NewTag("science/physics"), NewTag("art"), NewTag("science")]);
        _items.Setup(i => i.CountByTagAsync(_caller.UserId, new[] { "science/physics", "art", "science" }, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, int> { ["science"] = 2, ["science/physics"] = 5 });

        var list = await _service.ListAsync(_caller, CancellationToken.None);

        Assert.Equal(["art", "science", "science/physics"], list.Select(t => t.Tag.Name));
        Assert.Equal([0, 2, 5], list.Select(t => t.ItemCount));
    }

    [Fact]
    public async Task Create_normalizes_and_defaults_the_color()
    {
        _tags.Setup(t => t.FindByNameAsync(_caller.UserId, "science/quantum-physics", It.IsAny<CancellationToken>())).ReturnsAsync((Tag?)null);
        _tags.Setup(t => t.CreateAsync(It.IsAny<Tag>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        var tag = await _service.CreateAsync(_caller, new TagInput(" Science/Quantum Physics ", null), CancellationToken.None);

        Assert.Equal("science/quantum-physics", tag.Name);
        Assert.Equal("#6366f1", tag.Color);
        Assert.Equal(_caller.UserId, tag.UserId);
        _tags.Verify(t => t.CreateAsync(tag, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Create_stores_colors_in_lower_case()
    {
        _tags.Setup(t => t.FindByNameAsync(_caller.UserId, "x", It.IsAny<CancellationToken>())).ReturnsAsync((Tag?)null);
        _tags.Setup(t => t.CreateAsync(It.IsAny<Tag>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.Equal("#abcdef", (await _service.CreateAsync(_caller, new TagInput("x", "#ABCDEF"), CancellationToken.None)).Color);
    }

    [Fact]
    public async Task Create_with_an_existing_name_is_409()
    {
        _tags.Setup(t => t.FindByNameAsync(_caller.UserId, "art", It.IsAny<CancellationToken>())).ReturnsAsync(NewTag("art"));

        await ThrowsKmt(ErrorCode.Conflict, () => _service.CreateAsync(_caller, new TagInput("Art", null), CancellationToken.None));
    }

    [Theory]
    [InlineData(null, null, "name")]
    [InlineData("a//b", null, "name")]
    [InlineData("ok", "red", "color")]
    [InlineData("ok", "#12345", "color")]
    [InlineData("ok", "#1234567", "color")]
    [InlineData("ok", "#12345g", "color")]
    [InlineData("ok", "6366f1", "color")]
    public async Task Invalid_input_is_rejected(string? name, string? color, string field)
    {
        var error = await ThrowsValidation(() => _service.CreateAsync(_caller, new TagInput(name, color), CancellationToken.None));

        HasError(error, field);
    }

    [Fact]
    public async Task Name_of_51_characters_is_rejected()
    {
        var error = await ThrowsValidation(() => _service.CreateAsync(_caller, new TagInput(new string('n', 51), null), CancellationToken.None));

        HasError(error, "name", "50");
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]
    public async Task Malformed_ids_are_404(string id)
    {
        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetAsync(_caller, id, CancellationToken.None));
    }

    [Fact]
    public async Task Another_users_tag_is_404()
    {
        var foreign = NewTag("x") with { UserId = Ids.New() };
        _tags.Setup(t => t.GetAsync(_caller.UserId, foreign.Id, It.IsAny<CancellationToken>())).ReturnsAsync(foreign);

        await ThrowsKmt(ErrorCode.NotFound, () => _service.GetAsync(_caller, foreign.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Rename_moves_the_subtree_on_tags_and_items_then_sets_the_color()
    {
        var tag = NewTag("ml");
        var renamed = tag with { Name = "machine-learning", ETag = ETags.New() };
        var calls = new List<string>();
        _tags.SetupSequence(t => t.GetAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(tag).ReturnsAsync(tag).ReturnsAsync(renamed);
        _tags.Setup(t => t.ListAsync(_caller.UserId, It.IsAny<CancellationToken>())).ReturnsAsync([tag, NewTag("ml/nlp")]);
        _tags.Setup(t => t.RenameSubtreeAsync(_caller.UserId, "ml", "machine-learning", TestSupport.Start, It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("tags")).Returns(Task.CompletedTask);
        _items.Setup(i => i.RenameTagAsync(_caller.UserId, "ml", "machine-learning", TestSupport.Start, It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("items")).ReturnsAsync(3);
        _tags.Setup(t => t.ReplaceAsync(It.IsAny<Tag>(), renamed.ETag, It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("replace")).Returns(Task.CompletedTask);

        var result = await _service.ReplaceAsync(_caller, tag.Id, new TagInput("Machine Learning", "#FF0000"), tag.ETag, CancellationToken.None);

        Assert.Equal(["tags", "items", "replace"], calls);
        Assert.Equal("machine-learning", result.Name);
        Assert.Equal("#ff0000", result.Color);
        Assert.NotEqual(renamed.ETag, result.ETag);
    }

    [Fact]
    public async Task Rename_to_a_taken_name_changes_no_item()
    {
        var tag = NewTag("ml");
        _tags.Setup(t => t.GetAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(tag);
        _tags.Setup(t => t.ListAsync(_caller.UserId, It.IsAny<CancellationToken>())).ReturnsAsync([tag]);
        _tags.Setup(t => t.RenameSubtreeAsync(_caller.UserId, "ml", "ai", It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(KmtException.Conflict("taken"));

        await ThrowsKmt(ErrorCode.Conflict, () => _service.ReplaceAsync(_caller, tag.Id, new TagInput("ai", null), null, CancellationToken.None));

        _items.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Rename_that_would_make_a_descendant_too_long_changes_nothing()
    {
        var tag = NewTag("p");
        _tags.Setup(t => t.GetAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(tag);
        _tags.Setup(t => t.ListAsync(_caller.UserId, It.IsAny<CancellationToken>())).ReturnsAsync([tag, NewTag("p/" + new string('d', 48)), NewTag("px")]);

        var error = await ThrowsKmt(ErrorCode.ValidationError, () => _service.ReplaceAsync(_caller, tag.Id, new TagInput("longer", null), null, CancellationToken.None));

        Assert.Equal("name", Assert.IsType<ValidationException>(error).Errors[0].Field);
        _items.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_is_412()
    {
        var tag = NewTag("ml");
        _tags.Setup(t => t.GetAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(tag);

        await ThrowsKmt(ErrorCode.PreconditionFailed, () => _service.ReplaceAsync(_caller, tag.Id, new TagInput("ml", null), ETags.New(), CancellationToken.None));
    }

    [Fact]
    public async Task Color_only_change_does_not_rename()
    {
        var tag = NewTag("ml", "#000000");
        _tags.Setup(t => t.GetAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(tag);
        _tags.Setup(t => t.ReplaceAsync(It.Is<Tag>(x => x.Color == "#6366f1" && x.Name == "ml"), tag.ETag, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        // PUT replaces: a missing color resets to the default.
        var result = await _service.ReplaceAsync(_caller, tag.Id, new TagInput("ML", null), null, CancellationToken.None);

        Assert.Equal("#6366f1", result.Color);
    }

    [Fact]
    public async Task Delete_removes_exactly_this_path_from_items()
    {
        var tag = NewTag("science");
        _tags.Setup(t => t.GetAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(tag);
        _items.Setup(i => i.RemoveTagAsync(_caller.UserId, "science", TestSupport.Start, It.IsAny<CancellationToken>())).ReturnsAsync(4);
        _tags.Setup(t => t.DeleteAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await _service.DeleteAsync(_caller, tag.Id, CancellationToken.None);

        _items.Verify(i => i.RemoveTagAsync(_caller.UserId, "science", It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
        _tags.Verify(t => t.DeleteAsync(_caller.UserId, tag.Id, It.IsAny<CancellationToken>()), Times.Once);
    }
}
