using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

/// <summary>The live path: one graph-changes message applies its person's pending items in one batch.</summary>
public class LiveGraphBatchTests : GraphApplierTestBase
{
    public LiveGraphBatchTests()
        : base(mentions: 1)
    {
    }

    private GraphChangeApplier Applier(int liveBatchSize = 100) => new(
        _items, _graph.Object, new ItemMentionExtractor(_analyzer.Object, Options(new GraphOptions())), new EntityResolver(_graph.Object, _clock), _clock,
        NullLogger<GraphChangeApplier>.Instance, Options(new GraphOptions { LiveBatchSize = liveBatchSize }));

    private async Task<List<KnowledgeItem>> CreateAsync(int count, string? userId = null)
    {
        var service = new KnowledgeService(_items, new Mock<ITagStore>().Object, Limits(), _clock, graphChanges: new GraphChangeNotifier(NullLogger<GraphChangeNotifier>.Instance, null), graph: _graph.Object);
        var caller = userId is null ? _caller : Caller(userId);
        var created = new List<KnowledgeItem>();
        for (var i = 0; i < count; i++)
        {
            created.Add(await service.CreateAsync(caller, new KnowledgeInput($"Note {i}", "Ada Lovelace wrote.", "text", null, null, null, null, null), CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        return created;
    }

    [Fact]
    public async Task One_message_applies_every_pending_item_of_its_person_in_one_write_and_the_others_then_do_nothing()
    {
        var mine = await CreateAsync(3);
        var theirs = await CreateAsync(1, "someone-else");

        var first = await Applier().ApplyPendingAsync(new ItemKey(_caller.UserId, mine[1].Id), CancellationToken.None);

        Assert.Equal(GraphApplyOutcome.Applied, first);
        var batch = Assert.Single(_applied);
        Assert.Equal(mine.Select(i => i.Id).Order(), batch.VertexUpserts.Where(v => v.Kind == GraphVertexKinds.Item).Select(v => v.Id).Order());
        Assert.All(mine, i => Assert.Null(_items.Items[(_caller.UserId, i.Id)].GraphPendingSince));
        Assert.NotNull(_items.Items[(theirs[0].UserId, theirs[0].Id)].GraphPendingSince);

        // The other items' messages (and a duplicate) find the mark clear: nothing is read from the graph or written.
        foreach (var item in mine)
        {
            Assert.Equal(GraphApplyOutcome.Unchanged, await Applier().ApplyPendingAsync(new ItemKey(_caller.UserId, item.Id), CancellationToken.None));
        }

        Assert.Single(_applied);
    }

    [Fact]
    public async Task A_permanently_deleted_item_is_removed_from_the_graph_although_nothing_is_pending()
    {
        _graph.Setup(g => g.DeleteVertexAsync(_caller.UserId, "gone", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        Assert.Equal(GraphApplyOutcome.Removed, await Applier().ApplyPendingAsync(new ItemKey(_caller.UserId, "gone"), CancellationToken.None));
    }

    [Fact]
    public async Task When_the_batch_fails_the_messages_own_item_is_applied_alone_and_the_others_stay_pending()
    {
        var mine = await CreateAsync(3);
        var calls = 0;
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => _applied.Add(b))
            .Returns(() => ++calls == 1 ? Task.FromException(new IOException("store hiccup")) : Task.CompletedTask);

        var outcome = await Applier().ApplyPendingAsync(new ItemKey(_caller.UserId, mine[0].Id), CancellationToken.None);

        Assert.Equal(GraphApplyOutcome.Applied, outcome);
        Assert.Equal(2, _applied.Count);
        Assert.Equal([mine[0].Id], _applied[1].VertexUpserts.Where(v => v.Kind == GraphVertexKinds.Item).Select(v => v.Id));
        Assert.Null(_items.Items[(_caller.UserId, mine[0].Id)].GraphPendingSince);
        Assert.NotNull(_items.Items[(_caller.UserId, mine[1].Id)].GraphPendingSince);
    }

    [Fact]
    public async Task A_live_batch_of_one_applies_only_the_messages_item()
    {
        var mine = await CreateAsync(2);

        await Applier(liveBatchSize: 1).ApplyPendingAsync(new ItemKey(_caller.UserId, mine[1].Id), CancellationToken.None);

        Assert.Equal([mine[1].Id], Assert.Single(_applied).VertexUpserts.Where(v => v.Kind == GraphVertexKinds.Item).Select(v => v.Id));
        Assert.NotNull(_items.Items[(_caller.UserId, mine[0].Id)].GraphPendingSince);
    }
}
