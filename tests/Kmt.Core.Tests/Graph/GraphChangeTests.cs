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

/// <summary>Item writes mark and announce graph changes; the applier applies them and clears the mark; the reconciler repairs what is left.</summary>
public class GraphChangeTests : GraphApplierTestBase
{
    private readonly Mock<IWorkQueue> _queue = new();

    public GraphChangeTests()
        : base(mentions: 2)
    {
    }

    private KnowledgeService Service(IWorkQueue? queue) =>
        new(_items, new Mock<ITagStore>().Object, Limits(), _clock, graphChanges: new GraphChangeNotifier(NullLogger<GraphChangeNotifier>.Instance, queue), graph: _graph.Object);

    private GraphChangeApplier Applier() => new(
        _items, _graph.Object, new ItemMentionExtractor(_analyzer.Object, Options(new GraphOptions())), new EntityResolver(_graph.Object, _clock), _clock, NullLogger<GraphChangeApplier>.Instance);

    private Task<KnowledgeItem> CreateAsync(KnowledgeService service) =>
        service.CreateAsync(_caller, new KnowledgeInput("Notes", "Ada Lovelace wrote the first program.", "text", null, null, ["history"], null, null), CancellationToken.None);

    [Fact]
    public async Task Each_write_marks_the_item_pending_and_sends_its_change_to_the_graph_queue()
    {
        var service = Service(_queue.Object);
        var item = await CreateAsync(service);
        Assert.Equal(Start, _items.Items[(_caller.UserId, item.Id)].GraphPendingSince);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var replaced = await service.ReplaceAsync(_caller, item.Id, new KnowledgeInput("Edited", "", "text", null, null, null, null, null), item.ETag, CancellationToken.None);
        Assert.Equal(Start.AddMinutes(1), replaced.GraphPendingSince);
        await service.DeleteAsync(_caller, item.Id, permanent: false, CancellationToken.None);
        await service.RestoreAsync(_caller, item.Id, CancellationToken.None);

        var message = new GraphChangeMessage(_caller.UserId, item.Id).ToJson();
        _queue.Verify(q => q.SendAsync(GraphOptions.ChangesQueue, message, null, It.IsAny<CancellationToken>()), Times.Exactly(4));
        Assert.Equal(new GraphChangeMessage(_caller.UserId, item.Id), GraphChangeMessage.Parse(message));
    }

    [Fact]
    public async Task A_queue_failure_does_not_fail_the_write_and_the_mark_stays_for_the_reconciliation()
    {
        _queue.Setup(q => q.SendAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("queue down"));

        var item = await CreateAsync(Service(_queue.Object));

        Assert.NotNull(_items.Items[(_caller.UserId, item.Id)].GraphPendingSince);
    }

    [Fact]
    public async Task Permanent_delete_removes_the_items_vertex_before_and_again_after_the_item()
    {
        var service = Service(null);
        var item = await CreateAsync(service);
        var calls = new List<string>();
        _graph.Setup(g => g.DeleteVertexAsync(_caller.UserId, item.Id, It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add(_items.Items.ContainsKey((_caller.UserId, item.Id)) ? "item still there" : "item gone"))
            .ReturnsAsync(true);

        await service.DeleteAsync(_caller, item.Id, permanent: true, CancellationToken.None);

        Assert.Equal(["item still there", "item gone"], calls);
        Assert.Empty(_items.Items);
    }

    [Fact]
    public async Task An_item_erased_while_its_change_is_applied_does_not_come_back_into_the_graph()
    {
        var item = await CreateAsync(Service(null));

        // The permanent delete lands between the applier's read of the item and its write.
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback(() => _items.Items.Remove((_caller.UserId, item.Id)))
            .Returns(Task.CompletedTask);
        _graph.Setup(g => g.DeleteVertexAsync(_caller.UserId, item.Id, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var outcome = await Applier().ApplyAsync(new ItemKey(_caller.UserId, item.Id), CancellationToken.None);

        Assert.Equal(GraphApplyOutcome.Removed, outcome);
        _graph.Verify(g => g.DeleteVertexAsync(_caller.UserId, item.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_applier_writes_mentions_and_tags_then_clears_the_mark_for_that_etag()
    {
        var item = await CreateAsync(Service(null));
        _clock.Advance(TimeSpan.FromSeconds(2));

        var outcome = await Applier().ApplyAsync(new ItemKey(_caller.UserId, item.Id), CancellationToken.None);

        Assert.Equal(GraphApplyOutcome.Applied, outcome);
        var batch = Assert.Single(_applied);
        Assert.Equal([GraphVertexKinds.Item, GraphVertexKinds.Entity, GraphVertexKinds.Tag], batch.VertexUpserts.Select(v => v.Kind));
        var mention = Assert.Single(batch.EdgeInserts, e => e.Label == GraphEdgeLabels.Mentions);
        Assert.Equal((GraphIds.Entity("ada lovelace"), 2), (mention.ToId, mention.Count));
        Assert.Single(batch.EdgeInserts, e => e.Label == GraphEdgeLabels.Tagged && e.ToId == GraphIds.Tag("history"));
        Assert.Null(_items.Items[(_caller.UserId, item.Id)].GraphPendingSince);
    }

    [Fact]
    public async Task A_batch_reads_once_per_kind_writes_once_and_gives_what_one_by_one_gives()
    {
        var service = Service(null);
        var created = new List<KnowledgeItem>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await CreateAsync(service));
        }

        var keys = created.Select(i => new ItemKey(_caller.UserId, i.Id)).Append(new ItemKey(_caller.UserId, "gone")).Append(new ItemKey(_caller.UserId, created[0].Id)).ToList();

        var outcomes = await Applier().ApplyManyAsync(keys, CancellationToken.None);

        Assert.Equal([GraphApplyOutcome.Applied, GraphApplyOutcome.Applied, GraphApplyOutcome.Applied, GraphApplyOutcome.Unchanged, GraphApplyOutcome.Applied], outcomes);
        var batch = Assert.Single(_applied);
        Assert.Equal(
            [GraphVertexKinds.Item, GraphVertexKinds.Entity, GraphVertexKinds.Tag, GraphVertexKinds.Item, GraphVertexKinds.Item],
            batch.VertexUpserts.Select(v => v.Kind)); // the shared entity and tag once, the entity created by the first item
        Assert.Equal(created.Select(i => i.Id).Order(StringComparer.Ordinal), batch.EdgeInserts.Where(e => e.Label == GraphEdgeLabels.Mentions).Select(e => e.FromId).Order(StringComparer.Ordinal));
        Assert.All(batch.EdgeInserts.Where(e => e.Label == GraphEdgeLabels.Mentions), e => Assert.Equal(GraphIds.Entity("ada lovelace"), e.ToId));
        Assert.Equal(3, batch.EdgeInserts.Count(e => e.Label == GraphEdgeLabels.Tagged));
        _graph.Verify(g => g.GetVerticesAsync(_caller.UserId, It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Exactly(2)); // items, tags
        _graph.Verify(g => g.GetCurrentEdgesForAsync(_caller.UserId, It.IsAny<IReadOnlyCollection<string>>(), null, It.IsAny<CancellationToken>()), Times.Once);
        _graph.Verify(g => g.FindEntitiesAsync(_caller.UserId, It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Once);
        _graph.Verify(g => g.GetVertexAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.All(created, i => Assert.Null(_items.Items[(_caller.UserId, i.Id)].GraphPendingSince));
    }

    [Fact]
    public async Task The_applier_removes_the_vertex_of_an_item_that_is_gone_and_analyses_nothing_for_a_trashed_one()
    {
        _graph.Setup(g => g.DeleteVertexAsync("u", "gone", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Assert.Equal(GraphApplyOutcome.Removed, await Applier().ApplyAsync(new ItemKey("u", "gone"), CancellationToken.None));

        var service = Service(null);
        var item = await CreateAsync(service);
        await service.DeleteAsync(_caller, item.Id, permanent: false, CancellationToken.None);
        await Applier().ApplyAsync(new ItemKey(_caller.UserId, item.Id), CancellationToken.None);

        _analyzer.Verify(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<TextAnalysisRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.NotNull(Assert.Single(_applied).VertexUpserts.Single().ValidTo);
    }

    [Fact]
    public async Task Ingestions_stored_entities_are_used_for_an_unedited_upload()
    {
        var item = StoreContractItem() with
        {
            SourceUploadId = "upload-1",
            MetadataJson = """{"entities":[{"text":"Grace Hopper","category":"person","count":3}],"key_phrases":[{"text":"compilers","count":2,"score":0.9}]}""",
        };
        _items.Items[(item.UserId, item.Id)] = item;

        await Applier().ApplyAsync(new ItemKey(item.UserId, item.Id), CancellationToken.None);

        _analyzer.Verify(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<TextAnalysisRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        var targets = _applied.Single().EdgeInserts.Select(e => (e.ToId, e.Count)).ToList();
        Assert.Equal([(GraphIds.Entity("grace hopper"), (int?)3), (GraphIds.Entity("compilers"), 2)], targets);
    }

    [Fact]
    public async Task The_reconciler_applies_old_pending_items_and_reports_failures()
    {
        var due = StoreContractItem("due") with { GraphPendingSince = Start };
        var recent = StoreContractItem("recent") with { GraphPendingSince = Start.AddMinutes(55) };
        var broken = StoreContractItem("broken") with { GraphPendingSince = Start.AddMinutes(1) };
        foreach (var item in new[] { due, recent, broken })
        {
            _items.Items[(item.UserId, item.Id)] = item;
        }

        _graph.Setup(g => g.GetVerticesAsync("u", It.Is<IReadOnlyCollection<string>>(ids => ids.Contains("broken")), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("store down"));
        _clock.SetUtcNow(Start.AddHours(1));
        var reconciler = new GraphReconciler(_items, Applier(), Options(new GraphOptions { ReconcileAfter = TimeSpan.FromMinutes(10) }), _clock, NullLogger<GraphReconciler>.Instance);

        var result = await reconciler.RunAsync(CancellationToken.None);

        Assert.Equal(new GraphReconcileResult(Examined: 2, Repaired: 1, AlreadyCurrent: 0, Failed: 1), result);
        Assert.Null(_items.Items[("u", "due")].GraphPendingSince);
        Assert.NotNull(_items.Items[("u", "broken")].GraphPendingSince);
        Assert.NotNull(_items.Items[("u", "recent")].GraphPendingSince);
    }

    private static KnowledgeItem StoreContractItem(string id = "item-1") => new()
    {
        Id = id, UserId = "u", Title = "Doc", Content = "text", ContentType = "document",
        CreatedAt = Start, UpdatedAt = Start, AccessedAt = Start, ETag = ETags.New(),
    };
}
