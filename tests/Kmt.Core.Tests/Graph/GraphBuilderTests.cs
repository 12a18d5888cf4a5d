using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

public class GraphBuilderTests
{
    private static readonly DateTimeOffset Now = Start.AddMinutes(5);

    private static KnowledgeItem Item(DateTimeOffset? updatedAt = null, DateTimeOffset? deletedAt = null, string etag = "\"e1\"") => new()
    {
        Id = "item-1",
        UserId = "u",
        Title = "Notes",
        ContentType = "note",
        CreatedAt = Start,
        UpdatedAt = updatedAt ?? Start,
        AccessedAt = Start,
        DeletedAt = deletedAt,
        ETag = etag,
    };

    private static GraphVertex VertexOf(KnowledgeItem item) => new()
    {
        Id = item.Id, UserId = item.UserId, Kind = GraphVertexKinds.Item, Name = item.Title, SourceETag = item.ETag,
        ValidFrom = item.CreatedAt, ValidTo = item.DeletedAt, RecordedAt = Start, UpdatedAt = Start,
    };

    /// <summary>What the store holds after <paramref name="batch"/> (current records only), for a second build.</summary>
    private static List<GraphEdge> CurrentAfter(IEnumerable<GraphEdge> before, GraphWriteBatch batch)
    {
        var expired = batch.EdgeExpirations.Select(e => e.EdgeId).ToHashSet();
        var updated = batch.EdgeUpdates.ToDictionary(e => e.Id);
        return before.Where(e => !expired.Contains(e.Id)).Select(e => updated.GetValueOrDefault(e.Id, e))
            .Concat(batch.EdgeInserts).Where(e => e.IsCurrent).ToList();
    }

    [Fact]
    public void A_new_item_gets_its_vertex_and_an_edge_per_wanted_target_valid_from_its_change()
    {
        var item = Item();
        var batch = GraphBuilder.Build(item, null, [], [new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 3), new DesiredEdge(GraphEdgeLabels.Tagged, "tg-x")], [], Now);

        var vertex = Assert.Single(batch.VertexUpserts);
        Assert.Equal((item.Id, "\"e1\"", Start, Now), (vertex.Id, vertex.SourceETag, vertex.ValidFrom, vertex.RecordedAt));
        Assert.Equal(2, batch.EdgeInserts.Count);
        var mention = Assert.Single(batch.EdgeInserts, e => e.Label == GraphEdgeLabels.Mentions);
        Assert.Equal((3, 3.0, Start, Now), (mention.Count, mention.Weight, mention.ValidFrom, mention.RecordedAt));
        Assert.Equal(GraphIds.Edge(GraphEdgeLabels.Mentions, item.Id, "en-a", Start), mention.Id);
        Assert.Equal([item.Id], mention.Evidence);
        Assert.Empty(batch.EdgeExpirations);
    }

    [Fact]
    public void Building_again_from_the_result_is_an_empty_batch()
    {
        var item = Item();
        var desired = new[] { new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 3), new DesiredEdge(GraphEdgeLabels.Tagged, "tg-x") };
        var first = GraphBuilder.Build(item, null, [], desired, [], Now);

        var second = GraphBuilder.Build(item, first.VertexUpserts[0], CurrentAfter([], first), desired, [], Now.AddMinutes(1));

        Assert.True(second.IsEmpty);
    }

    [Fact]
    public void A_mention_no_longer_wanted_is_closed_at_the_items_change_and_a_new_count_is_an_update()
    {
        var original = Item();
        var first = GraphBuilder.Build(original, null, [], [new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 1), new DesiredEdge(GraphEdgeLabels.Mentions, "en-b", 1)], [], Now);
        var edited = Item(updatedAt: Start.AddHours(1), etag: "\"e2\"");

        var batch = GraphBuilder.Build(edited, first.VertexUpserts[0], CurrentAfter([], first), [new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 4)], [], Now.AddHours(2));

        var open = first.EdgeInserts.Single(e => e.ToId == "en-b");
        Assert.Equal([new EdgeExpiration(open.Id, Now.AddHours(2))], batch.EdgeExpirations);
        var closed = Assert.Single(batch.EdgeInserts);
        Assert.Equal((GraphIds.ClosedCopy(open.Id, Start.AddHours(1)), "en-b", Start, (DateTimeOffset?)Start.AddHours(1), Now.AddHours(2), (DateTimeOffset?)null),
            (closed.Id, closed.ToId, closed.ValidFrom, closed.ValidTo, closed.RecordedAt, closed.ExpiredAt));
        var update = Assert.Single(batch.EdgeUpdates);
        Assert.Equal(("en-a", 4, 4.0), (update.ToId, update.Count, update.Weight));
        Assert.Equal("\"e2\"", Assert.Single(batch.VertexUpserts).SourceETag);
    }

    [Fact]
    public void A_trashed_item_closes_every_derived_edge_and_its_vertex_but_leaves_declared_links()
    {
        var item = Item();
        var first = GraphBuilder.Build(item, null, [], [new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 1), new DesiredEdge(GraphEdgeLabels.Tagged, "tg-x")], [], Now);
        var link = new GraphEdge { Id = "rel", UserId = "u", Label = GraphEdgeLabels.LinksTo, FromId = item.Id, ToId = "other", ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start };
        var trashed = Item(updatedAt: Start.AddDays(1), deletedAt: Start.AddDays(1), etag: "\"e3\"");

        var batch = GraphBuilder.Build(trashed, first.VertexUpserts[0], [.. CurrentAfter([], first), link], [new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 1)], [], Now.AddDays(1));

        Assert.Equal(2, batch.EdgeExpirations.Count);
        Assert.DoesNotContain(batch.EdgeExpirations, e => e.EdgeId == "rel");
        Assert.All(batch.EdgeInserts, e => Assert.Equal(Start.AddDays(1), e.ValidTo));
        Assert.Equal(Start.AddDays(1), Assert.Single(batch.VertexUpserts).ValidTo);
    }

    [Fact]
    public void Duplicate_current_records_of_one_wanted_edge_are_reduced_to_the_oldest()
    {
        var item = Item();
        GraphEdge Mention(string id, DateTimeOffset from) => new() { Id = id, UserId = "u", Label = GraphEdgeLabels.Mentions, FromId = item.Id, ToId = "en-a", Count = 1, ValidFrom = from, RecordedAt = from, UpdatedAt = from };

        var batch = GraphBuilder.Build(item, VertexOf(item), [Mention("newer", Start.AddMinutes(1)), Mention("older", Start)], [new DesiredEdge(GraphEdgeLabels.Mentions, "en-a", 1)], [], Now);

        Assert.Equal(["newer"], batch.EdgeExpirations.Select(e => e.EdgeId));
        Assert.Equal(Start.AddMinutes(1), Assert.Single(batch.EdgeInserts).ValidTo);
    }
}
