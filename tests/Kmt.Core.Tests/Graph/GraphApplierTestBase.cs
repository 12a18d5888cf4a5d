using Kmt.Core.Graph;
using Kmt.Core.Tests.Fakes;
using Kmt.Core.TextAnalysis;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

/// <summary>
/// The graph applier's test set-up: an in-memory item store, a graph store that records its write batches
/// and reads nothing back, and an analyzer that finds "Ada Lovelace" <c>mentions</c> times in every item.
/// </summary>
public abstract class GraphApplierTestBase
{
    protected GraphApplierTestBase(int mentions)
    {
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => _applied.Add(b)).Returns(Task.CompletedTask);
        _graph.Setup(g => g.GetCurrentEdgesAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _graph.Setup(g => g.GetCurrentEdgesForAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _graph.Setup(g => g.GetVerticesAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _graph.Setup(g => g.FindEntitiesAsync(It.IsAny<string>(), It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<TextAnalysisRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TextAnalysisResult("en", [], [], [new NamedEntity("Ada Lovelace", EntityCategories.Person, mentions, [.. Enumerable.Range(0, mentions).Select(i => i * 10)])]));
    }

#pragma warning disable SA1401, CA1051 // test fixtures: the derived tests use these as their own fields
    private protected readonly FakeTimeProvider _clock = Clock();
    private protected readonly InMemoryKnowledgeStore _items = new();
    private protected readonly Mock<IGraphStore> _graph = new();
    private protected readonly Mock<ITextAnalyzer> _analyzer = new();
    private protected readonly List<GraphWriteBatch> _applied = [];
    private protected readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();
#pragma warning restore SA1401, CA1051
}
