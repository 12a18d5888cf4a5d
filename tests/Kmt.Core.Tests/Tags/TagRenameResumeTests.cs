using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Tags;

/// <summary>
/// Defect 7 of issue 7 (tag renames): a rename interrupted after the tags moved but before every item
/// did is finished by the next PUT of the tag or by the sweep, never left half done.
/// </summary>
public sealed class TagRenameResumeTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryTagStore _tags = new();
    private readonly Mock<IKnowledgeStore> _items = new();
    private readonly List<(string Old, string New)> _itemRenames = [];
    private readonly TagOptions _options = new();
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();
    private readonly TagRenamer _renamer;
    private readonly TagService _service;
    private int _failItemRenames;

    public TagRenameResumeTests()
    {
        _items.Setup(i => i.RenameTagAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, string, DateTimeOffset, CancellationToken>((_, from, to, _, _) =>
            {
                if (_failItemRenames > 0)
                {
                    _failItemRenames--;
                    throw new IOException("the process died here");
                }

                _itemRenames.Add((from, to));
                return Task.FromResult(1);
            });
        _renamer = new TagRenamer(_tags, _items.Object, _clock, NullLogger<TagRenamer>.Instance);
        _service = new TagService(_tags, _items.Object, Limits(), _clock, _renamer);
    }

    private TagRenameSweeper Sweeper() => new(_tags, _renamer, Options(_options), _clock, NullLogger<TagRenameSweeper>.Instance);

    private async Task<Tag> InterruptedRenameAsync()
    {
        var ml = _tags.Add(_caller.UserId, "ml");
        _tags.Add(_caller.UserId, "ml/nlp");
        _failItemRenames = 1;
        await Assert.ThrowsAsync<IOException>(() => _service.ReplaceAsync(_caller, ml.Id, new TagInput("machine-learning", null), null, CancellationToken.None));
        Assert.Equal(["machine-learning", "machine-learning/nlp"], _tags.Names(_caller.UserId));
        Assert.Empty(_itemRenames);
        return ml;
    }

    [Fact]
    public async Task Putting_the_same_rename_again_finishes_the_items()
    {
        var ml = await InterruptedRenameAsync();

        var tag = await _service.ReplaceAsync(_caller, ml.Id, new TagInput("machine-learning", null), null, CancellationToken.None);

        Assert.Equal("machine-learning", tag.Name);
        Assert.Equal([("ml", "machine-learning")], _itemRenames);
        Assert.Empty(_tags.Jobs);
    }

    [Fact]
    public async Task The_sweep_finishes_a_rename_once_it_has_stalled()
    {
        await InterruptedRenameAsync();

        _clock.Advance(_options.RenameStalledAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Sweeper().SweepAsync(CancellationToken.None));
        Assert.Empty(_itemRenames);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await Sweeper().SweepAsync(CancellationToken.None));
        Assert.Equal([("ml", "machine-learning")], _itemRenames);
        Assert.Empty(_tags.Jobs);
    }

    [Fact]
    public async Task A_rename_that_failed_before_the_tags_moved_is_finished_by_the_sweep()
    {
        var ml = _tags.Add(_caller.UserId, "ml");
        _tags.Add(_caller.UserId, "ml/nlp");
        await _tags.SaveRenameJobAsync(new TagRenameJob { UserId = _caller.UserId, TagId = ml.Id, OldName = "ml", NewName = "ai", RequestedAt = Start, LastAttemptAt = Start, Attempts = 1 }, CancellationToken.None);
        _clock.Advance(_options.RenameStalledAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await Sweeper().SweepAsync(CancellationToken.None));

        Assert.Equal(["ai", "ai/nlp"], _tags.Names(_caller.UserId));
        Assert.Equal([("ml", "ai")], _itemRenames);
        Assert.Empty(_tags.Jobs);
    }

    [Fact]
    public async Task A_failing_sweep_keeps_the_job_for_the_next_one()
    {
        await InterruptedRenameAsync();
        _clock.Advance(_options.RenameStalledAfter + TimeSpan.FromSeconds(1));
        _failItemRenames = 1;

        Assert.Equal(0, await Sweeper().SweepAsync(CancellationToken.None));
        var job = Assert.Single(_tags.Jobs.Values);
        Assert.Equal(2, job.Attempts);
        Assert.True(job.TagsMoved);

        _clock.Advance(_options.RenameStalledAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Sweeper().SweepAsync(CancellationToken.None));
        Assert.Empty(_tags.Jobs);
    }

    [Fact]
    public async Task A_job_whose_tag_was_deleted_meanwhile_is_dropped_without_moving_anything()
    {
        var ml = _tags.Add(_caller.UserId, "ml");
        _tags.Add(_caller.UserId, "ml/nlp");
        await _tags.SaveRenameJobAsync(new TagRenameJob { UserId = _caller.UserId, TagId = ml.Id, OldName = "ml", NewName = "ai", RequestedAt = Start, LastAttemptAt = Start, Attempts = 1 }, CancellationToken.None);
        await _tags.DeleteAsync(_caller.UserId, ml.Id, CancellationToken.None);
        _clock.Advance(_options.RenameStalledAfter + TimeSpan.FromSeconds(1));

        await Sweeper().SweepAsync(CancellationToken.None);

        Assert.Equal(["ml/nlp"], _tags.Names(_caller.UserId));
        Assert.Empty(_itemRenames);
        Assert.Empty(_tags.Jobs);
    }

    [Fact]
    public async Task A_rename_into_a_taken_name_leaves_no_job()
    {
        var ml = _tags.Add(_caller.UserId, "ml");
        _tags.Add(_caller.UserId, "ai");

        var error = await Assert.ThrowsAsync<KmtException>(() => _service.ReplaceAsync(_caller, ml.Id, new TagInput("ai", null), null, CancellationToken.None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Empty(_tags.Jobs);
        Assert.Empty(_itemRenames);
    }
}
