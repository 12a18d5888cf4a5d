using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

/// <summary>An imported note's [[wikilinks]] (metadata.wikilinks) become derived links_to edges of type "wikilink".</summary>
public class GraphWikilinkTests
{
    private static readonly DateTimeOffset Written = Start.AddDays(-30);

    private readonly Mock<IKnowledgeStore> _items = new();
    private readonly Mock<IGraphStore> _graph = new();
    private readonly Mock<ITextAnalyzer> _analyzer = new();
    private readonly List<GraphWriteBatch> _applied = [];

    public GraphWikilinkTests()
    {
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => _applied.Add(b)).Returns(Task.CompletedTask);
        _graph.Setup(g => g.GetCurrentEdgesAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _graph.Setup(g => g.GetCurrentEdgesForAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _graph.Setup(g => g.GetVerticesAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _graph.Setup(g => g.FindEntitiesAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<TextAnalysisRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TextAnalysisResult("en", [], [], []));
    }

    private static KnowledgeItem Note(string id, string sourceId, string metadataJson = "{}", DateTimeOffset? updatedAt = null, DateTimeOffset? deletedAt = null) => new()
    {
        Id = id,
        UserId = "u",
        SourceId = sourceId,
        Title = id,
        ContentType = "markdown",
        MetadataJson = metadataJson,
        CreatedAt = Written,
        UpdatedAt = updatedAt ?? Written,
        AccessedAt = Written,
        DeletedAt = deletedAt,
        ETag = "\"" + id + "\"",
    };

    private void Store(KnowledgeItem item)
    {
        _items.Setup(s => s.GetAsync("u", item.Id, It.IsAny<CancellationToken>())).ReturnsAsync(item);
        _items.Setup(s => s.FindBySourceIdAsync("u", item.SourceId!, It.IsAny<CancellationToken>())).ReturnsAsync(item);
    }

    private GraphChangeApplier Applier() => new(
        _items.Object, _graph.Object, new ItemMentionExtractor(_analyzer.Object, Options(new GraphOptions())), new EntityResolver(_graph.Object, Clock()), Clock(), NullLogger<GraphChangeApplier>.Instance);

    private const string Links = """
        {"wikilinks": [{"target": "B", "source_id": "vault:B.md"}, {"target": "b", "source_id": "vault:B.md"},
                       {"target": "Outside", "source_id": null}, {"target": "Gone", "source_id": "vault:Gone.md"},
                       {"target": "Trashed", "source_id": "vault:Trashed.md"}, {"target": "A", "source_id": "vault:A.md"}]}
        """;

    [Fact]
    public async Task Each_wikilink_naming_a_live_stored_note_becomes_one_links_to_edge_valid_from_the_notes_date()
    {
        var a = Note("a", "vault:A.md", Links);
        var b = Note("b", "vault:B.md");
        Store(a);
        Store(b);
        Store(Note("t", "vault:Trashed.md", deletedAt: Start));

        await Applier().ApplyAsync(new ItemKey("u", "a"), CancellationToken.None);

        var batch = Assert.Single(_applied);
        var edge = Assert.Single(batch.EdgeInserts);
        Assert.Equal((GraphEdgeLabels.LinksTo, "a", "b", GraphBuilder.WikilinkType, (double?)RelationshipService.DefaultStrength, Written),
            (edge.Label, edge.FromId, edge.ToId, edge.RelationshipType, edge.Strength, edge.ValidFrom));
        Assert.Equal(["a"], edge.Evidence);
        Assert.True(GraphBuilder.IsDerived(edge));

        // The target's vertex did not exist yet: it is written before the edge, as of the target's creation.
        var target = Assert.Single(batch.VertexUpserts, v => v.Id == "b");
        Assert.Equal((GraphVertexKinds.Item, Written), (target.Kind, target.ValidFrom));
    }

    [Fact]
    public async Task A_link_whose_note_arrives_later_is_picked_up_when_the_linking_note_is_applied_again()
    {
        var a = Note("a", "vault:A.md", Links);
        Store(a);
        await Applier().ApplyAsync(new ItemKey("u", "a"), CancellationToken.None);
        Assert.Empty(_applied.Single().EdgeInserts);

        Store(Note("b", "vault:B.md"));
        await Applier().ApplyAsync(new ItemKey("u", "a"), CancellationToken.None);

        Assert.Equal("b", Assert.Single(_applied[1].EdgeInserts).ToId);
    }

    [Fact]
    public void Removing_the_link_closes_the_derived_edge_but_never_a_declared_relationship_of_any_type()
    {
        var a = Note("a", "vault:A.md");
        var first = GraphBuilder.Build(a, null, [], [new DesiredEdge(GraphEdgeLabels.LinksTo, "b", RelationshipType: GraphBuilder.WikilinkType)], [], Start);
        var derived = Assert.Single(first.EdgeInserts);
        var declared = derived with { Id = "0f8fad5b-d9cb-469f-a165-70867728950e", ValidFrom = Start };
        var current = new List<GraphEdge> { derived, declared };

        var again = GraphBuilder.Build(a, first.VertexUpserts[0], current, [new DesiredEdge(GraphEdgeLabels.LinksTo, "b", RelationshipType: GraphBuilder.WikilinkType)], [], Start.AddMinutes(1));
        Assert.True(again.IsEmpty);

        var edited = a with { MetadataJson = "{}", UpdatedAt = Start.AddHours(1), ETag = "\"a2\"" };
        var batch = GraphBuilder.Build(edited, first.VertexUpserts[0], current, [], [], Start.AddHours(2));

        Assert.Equal([new EdgeExpiration(derived.Id, Start.AddHours(2))], batch.EdgeExpirations);
        var closed = Assert.Single(batch.EdgeInserts);
        Assert.Equal((derived.ToId, (DateTimeOffset?)Start.AddHours(1), GraphBuilder.WikilinkType), (closed.ToId, closed.ValidTo, closed.RelationshipType));
        Assert.False(GraphBuilder.IsDerived(declared));
    }
}
