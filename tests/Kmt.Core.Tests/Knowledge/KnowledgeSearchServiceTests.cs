using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.AI;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Knowledge;

/// <summary>Search modes, fusion, filters on semantic candidates, and related notes, over fakes of the ports.</summary>
public sealed class KnowledgeSearchServiceTests
{
    private const string Model = "test-model";
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly InMemoryEmbeddingStore _embeddings = new();
    private readonly Mock<IGraphStore> _graph = new();
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();
    private readonly Dictionary<string, float[]> _queryVectors = new(StringComparer.Ordinal);

    private KnowledgeSearchService Service(bool withGenerator = true, FusionMethod fusion = FusionMethod.Scores, int titleRerankDepth = 10) => new(
        _store, _embeddings, Options(new SearchOptions { MinSimilarity = 0.2, RelatedMinSimilarity = 0.3, Fusion = fusion, TitleRerankDepth = titleRerankDepth }), Limits(),
        withGenerator ? new FakeGenerator(_queryVectors) : null, _graph.Object);

    private KnowledgeItem Item(string title, IReadOnlyList<string>? tags = null, string? content = null, string? userId = null, string contentType = "text")
    {
        var item = new KnowledgeItem
        {
            Id = Ids.New(),
            UserId = userId ?? _caller.UserId,
            Title = title,
            Content = content ?? title + " body text that is long enough to hold a passage.",
            ContentType = contentType,
            Tags = tags ?? [],
            CreatedAt = Start,
            UpdatedAt = Start,
            AccessedAt = Start,
            ETag = ETags.New(),
        };
        _store.Items[(item.UserId, item.Id)] = item;
        return item;
    }

    private void Embed(KnowledgeItem item, params float[] vector) =>
        _embeddings.Chunks[(item.UserId, item.Id)] = [new ChunkEmbedding(0, 0, item.Content.Length, Model, Normalise(vector))];

    private static float[] Normalise(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private void KeywordHits(params KnowledgeItem[] items) =>
        _store.OnSearch = q => (items.Select((i, n) => new SearchHit(i, 10 - n, "<mark>kw</mark>")).ToList(), items.Length);

    private Task<PagedResult<SearchHit>> Search(string query, string? mode = null, IReadOnlyList<string>? tags = null) =>
        Service().SearchAsync(_caller, new SearchInput(query, tags, null, null, null, null, null, mode), CancellationToken.None);

    [Fact]
    public async Task Keyword_mode_passes_the_query_as_any_term_with_filters_and_paging_to_the_store()
    {
        var from = Start.AddDays(-7);
        _store.OnSearch = _ => ([], 45);

        var result = await Service().SearchAsync(
            _caller, new SearchInput("  machine learn* -draft ", [" Science / Physics "], "Article", from, Start, 2, 20, "keyword"), CancellationToken.None);

        var query = Assert.Single(_store.SearchQueries);
        Assert.Equal(_caller.UserId, query.UserId);
        Assert.Equal(3, query.Query.Clauses.Count);
        Assert.True(query.Query.Clauses[1].IsPrefix);
        Assert.True(query.Query.Clauses[1].OrWithPrevious);
        Assert.True(query.Query.Clauses[2].Negated);
        Assert.Equal(["science/physics"], query.Tags);
        Assert.Equal("article", query.ContentType);
        Assert.Equal((20, 20), (query.Skip, query.Take));
        Assert.Equal((2, 20, 45L, 3), (result.Page, result.PerPage, result.Total, result.TotalPages));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("   ", "required")]
    [InlineData("*** ^^^ ()", "no words")]
    [InlineData("-only -negative", "no words")]
    public async Task Search_needs_words(string? query, string reason)
    {
        var error = await ThrowsValidation(() => Search(query!));

        HasError(error, "query", reason);
    }

    [Fact]
    public async Task Search_query_length_is_limited()
    {
        await Search(new string('q', 500));

        var error = await ThrowsValidation(() => Search(new string('q', 501)));
        HasError(error, "query", "500");
    }

    [Fact]
    public async Task Search_reports_bad_filters_mode_and_paging_together()
    {
        var error = await ThrowsValidation(() => Service().SearchAsync(
            _caller, new SearchInput("x", ["a//b"], "pdf", Start, Start.AddDays(-1), 0, 101, "fuzzy"), CancellationToken.None));

        Assert.Equal(["mode", "tags[0]", "content_type", "from", "page", "per_page"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task Hybrid_fuses_both_rankings_and_finds_items_without_vectors_by_their_words()
    {
        var both = Item("both");
        var wordsOnly = Item("words only (embedding pending)");
        var meaningOnly = Item("meaning only", content: "A passage about felines and their habits, nothing else.");
        var unrelated = Item("unrelated");
        Embed(both, 1, 0.1f, 0);
        Embed(meaningOnly, 1, 0.3f, 0);
        Embed(unrelated, 0, 0, 1);
        _queryVectors["cats"] = Normalise([1, 0, 0]);
        KeywordHits(wordsOnly, both);

        var result = await Search("cats");

        Assert.Equal([both.Id, wordsOnly.Id, meaningOnly.Id], result.Items.Select(h => h.Item.Id));
        Assert.Equal(3, result.Total);
        Assert.Equal("<mark>kw</mark>", result.Items[0].Snippet);
        Assert.Contains("felines", result.Items[2].Snippet, StringComparison.Ordinal);
        Assert.True(result.Items[0].Score > result.Items[1].Score);
    }

    [Theory]
    [InlineData(FusionMethod.Scores)]
    [InlineData(FusionMethod.Rrf)]
    public async Task Hybrid_fuses_by_normalised_scores_unless_rank_fusion_is_configured(FusionMethod fusion)
    {
        // a: the best keyword score, far from the query's meaning; b: nearly a's keyword score, much closer in meaning.
        var a = Item("a");
        var b = Item("b");
        Embed(a, 0.3f, 0.954f, 0);
        Embed(b, 0.8f, 0.6f, 0);
        _queryVectors["query"] = Normalise([1, 0, 0]);
        KeywordHits(a, b);

        var result = await Service(fusion: fusion).SearchAsync(_caller, new SearchInput("query", null, null, null, null, null, null, "hybrid"), CancellationToken.None);

        // Ranks alone tie (first and second in opposite rankings): keyword order wins. The scores say b.
        Assert.Equal(fusion == FusionMethod.Rrf ? [a.Id, b.Id] : [b.Id, a.Id], result.Items.Select(h => h.Item.Id));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(0)]
    public async Task Hybrid_weighs_in_how_close_each_first_candidates_title_is_to_the_query(int depth)
    {
        // Same chunk similarity; a leads on words, b's title means what the query means.
        var a = Item("unrelated title");
        var b = Item("close title");
        Embed(a, 0.8f, 0.6f, 0);
        Embed(b, 0.8f, 0.6f, 0);
        _queryVectors["query"] = Normalise([1, 0, 0]);
        _queryVectors["close title"] = Normalise([1, 0, 0]);
        _queryVectors["unrelated title"] = Normalise([0, 1, 0]);
        KeywordHits(a, b);

        var result = await Service(titleRerankDepth: depth).SearchAsync(_caller, new SearchInput("query", null, null, null, null, null, null, "hybrid"), CancellationToken.None);

        // a: 0.2 * 1 + 0.8 * 0.8 = 0.84, b: 0.2 * 0.9 + 0.64 = 0.82; with titles a: 0.84 + 0.08 * (0 - 0.8), b: 0.82 + 0.08 * (1 - 0.8).
        Assert.Equal(depth > 0 ? [b.Id, a.Id] : [a.Id, b.Id], result.Items.Select(h => h.Item.Id));
    }

    [Fact]
    public async Task Hybrid_ranks_its_keyword_pool_without_snippets_and_reads_only_the_pages_snippets()
    {
        var items = Enumerable.Range(0, 15).Select(i => Item("item " + i)).ToList();
        _store.OnSearch = q =>
        {
            var hits = items.Where(i => q.ItemIds is null || q.ItemIds.Contains(i.Id))
                .Select((i, n) => new SearchHit(i, 20 - n, q.WithSnippets ? $"<mark>{i.Title}</mark>" : "")).ToList();
            return (hits, hits.Count);
        };

        var result = await Service().SearchAsync(_caller, new SearchInput("item", null, null, null, null, 1, 10, "hybrid"), CancellationToken.None);

        Assert.Equal(2, _store.SearchQueries.Count);
        Assert.False(_store.SearchQueries[0].WithSnippets);
        Assert.Null(_store.SearchQueries[0].ItemIds);
        Assert.Equal(items.Take(10).Select(i => i.Id), _store.SearchQueries[1].ItemIds!);
        Assert.True(_store.SearchQueries[1].WithSnippets);
        Assert.Equal(items.Take(10).Select(i => $"<mark>{i.Title}</mark>"), result.Items.Select(h => h.Snippet));
        Assert.Equal(15, result.Total);
    }

    [Fact]
    public async Task Query_vectors_are_cached_by_model_and_normalised_text_when_a_cache_is_configured()
    {
        var item = Item("cats");
        Embed(item, 1, 0, 0);
        var generator = new FakeGenerator(_queryVectors);
        var cached = new KnowledgeSearchService(
            _store, _embeddings, Options(new SearchOptions()), Limits(), generator, _graph.Object,
            queryVectors: new QueryEmbeddingCache(Options(new SearchOptions { QueryEmbeddingCacheSize = 8 })));
        var uncached = new KnowledgeSearchService(
            _store, _embeddings, Options(new SearchOptions()), Limits(), generator, _graph.Object,
            queryVectors: new QueryEmbeddingCache(Options(new SearchOptions { QueryEmbeddingCacheSize = 0 })));

        foreach (var text in new[] { "Cats", "  cats ", "cats", "cats dogs" })
        {
            await cached.SearchAsync(_caller, new SearchInput(text, null, null, null, null, null, null, "semantic"), CancellationToken.None);
        }

        Assert.Equal(["Cats", "cats dogs"], generator.Embedded);
        generator.Embedded.Clear();
        await uncached.SearchAsync(_caller, new SearchInput("cats", null, null, null, null, null, null, "semantic"), CancellationToken.None);
        await uncached.SearchAsync(_caller, new SearchInput("cats", null, null, null, null, null, null, "semantic"), CancellationToken.None);
        Assert.Equal(["cats", "cats"], generator.Embedded);
    }

    [Fact]
    public async Task Semantic_mode_applies_every_filter_and_exclusion_to_its_candidates()
    {
        var tagged = Item("tagged", ["science/physics"]);
        var untagged = Item("untagged");
        var excluded = Item("excluded", ["science"], content: "this one mentions a draft");
        var trashed = Item("trashed", ["science"]);
        _store.Items[(trashed.UserId, trashed.Id)] = trashed with { DeletedAt = Start };
        var someoneElses = Item("other", ["science"], userId: "someone-else");
        foreach (var item in new[] { tagged, untagged, excluded, trashed, someoneElses })
        {
            Embed(item, 1, 0, 0);
        }

        _queryVectors["physics -draft"] = Normalise([1, 0, 0]);

        var result = await Search("physics -draft", "semantic", ["science"]);

        Assert.Equal([tagged.Id], result.Items.Select(h => h.Item.Id));
        Assert.Empty(_store.SearchQueries);
        Assert.Equal(1.0, result.Items[0].Score, 3);
    }

    [Fact]
    public async Task Semantic_mode_without_an_embedding_model_is_feature_unavailable_and_hybrid_falls_back_to_words()
    {
        var item = Item("only words");
        KeywordHits(item);
        var service = Service(withGenerator: false);

        await ThrowsKmt(ErrorCode.FeatureUnavailable, () => service.SearchAsync(_caller, new SearchInput("x", null, null, null, null, null, null, "semantic"), CancellationToken.None));
        var hybrid = await service.SearchAsync(_caller, new SearchInput("x", null, null, null, null, null, null), CancellationToken.None);
        Assert.Equal([item.Id], hybrid.Items.Select(h => h.Item.Id));
    }

    [Fact]
    public async Task Related_lists_close_items_once_each_without_the_item_and_optionally_without_linked_ones()
    {
        var note = Item("note", ["ml", "reading"]);
        var close = Item("close", ["ml"]);
        var linked = Item("linked");
        var far = Item("far");
        Embed(note, 1, 0, 0);
        _embeddings.Chunks[(close.UserId, close.Id)] =
        [
            new ChunkEmbedding(0, 0, 5, Model, Normalise([0, 1, 0])),
            new ChunkEmbedding(1, 5, 10, Model, Normalise([1, 0.2f, 0])),
        ];
        Embed(linked, 1, 0.4f, 0);
        Embed(far, 0, 0, 1);
        _graph.Setup(g => g.GetCurrentEdgesAsync(_caller.UserId, note.Id, GraphEdgeLabels.LinksTo, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new GraphEdge { Id = "e", UserId = _caller.UserId, Label = GraphEdgeLabels.LinksTo, FromId = linked.Id, ToId = note.Id, ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start }]);
        _graph.Setup(g => g.GetCurrentEdgesAsync(It.IsAny<string>(), It.IsAny<string>(), GraphEdgeLabels.Mentions, It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var all = await Service().RelatedAsync(_caller, note.Id, null, null, CancellationToken.None);
        var unlinked = await Service().RelatedAsync(_caller, note.Id, "5", "true", CancellationToken.None);

        Assert.Equal([close.Id, linked.Id], all.Select(r => r.Item.Id));
        Assert.Equal(["ml"], all[0].SharedTags);
        Assert.Equal("close body text that is long enough to hold a passage.".Substring(5, 10).Trim(), all[0].Passage.Trim('…'));
        Assert.Equal([close.Id], unlinked.Select(r => r.Item.Id));
    }

    [Fact]
    public async Task Related_is_404_for_other_peoples_items_and_400_for_bad_parameters()
    {
        var theirs = Item("theirs", userId: "someone-else");
        var mine = Item("mine");

        await ThrowsKmt(ErrorCode.NotFound, () => Service().RelatedAsync(_caller, theirs.Id, null, null, CancellationToken.None));
        var error = await ThrowsValidation(() => Service().RelatedAsync(_caller, mine.Id, "0", "maybe", CancellationToken.None));
        Assert.Equal(["limit", "exclude_linked"], error.Errors.Select(e => e.Field));
    }

    /// <summary>Vectors for known query texts (anything else: a vector orthogonal to the test's items).</summary>
    private sealed class FakeGenerator(Dictionary<string, float[]> vectors) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<string> Embedded { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            Embedded.AddRange(texts);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(v => new Embedding<float>(vectors.GetValueOrDefault(v) ?? [0, 0, 0, 1]) { ModelId = Model })));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake", null, Model, 4) : null;

        public void Dispose()
        {
        }
    }
}
