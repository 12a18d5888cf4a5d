using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Graph;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Knowledge.Search;

/// <summary>
/// POST knowledge/search in three modes (<see cref="SearchMode"/>) and GET knowledge/{id}/related
/// (docs/api.md, "Search" and "Related notes"; docs/design/storage.md, "Search modes").
/// </summary>
/// <remarks>
/// Keyword is the knowledge store's BM25 with any term matching. Semantic embeds the query now and asks the
/// embedding store for the nearest items (best chunk each); the candidates pass the same filters as a rule in
/// Core (<see cref="KnowledgeSearchFilter"/>). Hybrid fuses both rankings by their normalised scores
/// (<see cref="ScoreFusion"/>; reciprocal rank, <see cref="SearchFusion"/>, by configuration): an item without
/// vectors yet is still found by its words. Semantic and hybrid
/// page within <see cref="SearchOptions.CandidatePool"/> candidates of each ranking.
/// </remarks>
public sealed partial class KnowledgeSearchService(
    IKnowledgeStore items,
    IEmbeddingStore embeddings,
    IOptions<SearchOptions> options,
    IOptions<KmtLimits> limits,
    IEmbeddingGenerator<string, Embedding<float>>? generator = null,
    IGraphStore? graph = null,
    SearchHistory? searches = null,
    QueryEmbeddingCache? queryVectors = null)
{
    private readonly SearchOptions _options = options.Value;
    private readonly KmtLimits _limits = limits.Value;

    public async Task<PagedResult<SearchHit>> SearchAsync(AuthenticatedUser caller, SearchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var (query, mode, text, page, perPage) = Validate(caller, input);

        var (hits, total) = mode == SearchMode.Keyword
            ? await items.SearchAsync(query, cancellationToken).ConfigureAwait(false)
            : await FusedAsync(query, mode, text, cancellationToken).ConfigureAwait(false);

        // The first page is the search; later pages are the same search read further.
        if (searches is not null && page == 1)
        {
            await searches.RecordAsync(caller.UserId, text, total, cancellationToken).ConfigureAwait(false);
        }

        return new PagedResult<SearchHit>(hits, page, perPage, total, Paging.TotalPages(total, perPage), NextCursor: null);
    }

    private async Task<(IReadOnlyList<SearchHit> Hits, long Total)> FusedAsync(KnowledgeSearchQuery query, SearchMode mode, string text, CancellationToken cancellationToken)
    {
        var pool = Math.Max(1, _options.CandidatePool);
        var keyword = mode == SearchMode.Hybrid
            ? (await items.SearchAsync(query with { Skip = 0, Take = pool, WithSnippets = false }, cancellationToken).ConfigureAwait(false)).Hits
            : [];
        var keywordById = keyword.ToDictionary(h => h.Item.Id, StringComparer.Ordinal);

        var semantic = new List<(KnowledgeItem Item, NearestItem Near)>();
        double? floor = null;
        (string Model, ReadOnlyMemory<float> Vector)? queryVector = null;
        if (generator is null)
        {
            if (mode == SearchMode.Semantic)
            {
                throw KmtException.FeatureUnavailable("embeddings", "Semantic search needs an embedding model, and none is configured on this server.");
            }
        }
        else
        {
            var vector = await EmbedAsync(text, cancellationToken).ConfigureAwait(false);
            queryVector = vector;
            var nearest = await embeddings.NearestAsync(query.UserId, vector.Model, vector.Vector, pool, cancellationToken).ConfigureAwait(false);
            var candidates = nearest.Where(n => n.Similarity >= _options.MinSimilarity).ToList();

            // The nearest items before filtering: an item outside them is at most as similar as the last of them.
            floor = candidates.Count == 0 ? null : candidates[^1].Similarity;

            // A candidate the keyword ranking holds passed the same filters in the store: only the others are read.
            var loaded = await LoadAsync(query.UserId, candidates.Select(c => c.ItemId).Where(id => !keywordById.ContainsKey(id)), cancellationToken).ConfigureAwait(false);
            foreach (var near in candidates)
            {
                if (keywordById.TryGetValue(near.ItemId, out var matched))
                {
                    semantic.Add((matched.Item, near));
                }
                else if (loaded.TryGetValue(near.ItemId, out var item) && KnowledgeSearchFilter.Matches(item, query) && !ExcludedTerms.Hit(item, query.Query))
                {
                    semantic.Add((item, near));
                }
            }
        }

        var fused = _options.Fusion == FusionMethod.Rrf
            ? SearchFusion.Fuse(
                _options.RankConstant,
                (keyword.Select(h => h.Item.Id).ToList(), _options.KeywordWeight),
                (semantic.Select(s => s.Item.Id).ToList(), _options.SemanticWeight))
            : ScoreFusion.Fuse(
                keyword.Select(h => (h.Item.Id, h.Score)).ToList(),
                semantic.Select(s => (s.Item.Id, s.Near.Similarity)).ToList(),
                _options.KeywordScoreWeight,
                floor);
        if (_options.Fusion == FusionMethod.Scores && mode == SearchMode.Hybrid && queryVector is { } embedded)
        {
            var nearById = semantic.ToDictionary(s => s.Item.Id, StringComparer.Ordinal);
            var missing = floor ?? 0.0;
            var titles = fused.Take(Math.Max(0, _options.TitleRerankDepth))
                .Select(f => (f.Id, Title: keywordById.TryGetValue(f.Id, out var k) ? k.Item.Title : nearById[f.Id].Item.Title))
                .ToList();
            var titleCosine = await TitleSimilaritiesAsync(embedded, titles, cancellationToken).ConfigureAwait(false);
            fused = TitleRerank.Apply(fused, id => nearById.TryGetValue(id, out var near) ? near.Near.Similarity : missing, titleCosine, _options.KeywordScoreWeight, _options.TitleSimilarityWeight, _options.TitleRerankDepth);
        }

        var semanticById = semantic.ToDictionary(s => s.Item.Id, StringComparer.Ordinal);
        var page = fused.Skip(query.Skip).Take(query.Take).ToList();

        // The pool was ranked without snippets (making them is most of a store's cost per hit): the page's
        // keyword hits get theirs now, from the same query over just those items.
        var unsnipped = page.Where(f => keywordById.TryGetValue(f.Id, out var h) && h.Snippet.Length == 0).Select(f => f.Id).ToList();
        var snippets = unsnipped.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await items.SearchAsync(query with { Skip = 0, Take = unsnipped.Count, ItemIds = unsnipped }, cancellationToken).ConfigureAwait(false))
                .Hits.ToDictionary(h => h.Item.Id, h => h.Snippet, StringComparer.Ordinal);
        var hits = page.Select(f =>
        {
            if (keywordById.TryGetValue(f.Id, out var hit))
            {
                var marked = hit.Snippet.Length > 0 ? hit.Snippet : snippets.GetValueOrDefault(f.Id) ?? SnippetHtml.Escape(hit.Item.Title);
                return hit with { Score = f.Score, Snippet = marked };
            }

            var (item, near) = semanticById[f.Id];
            var snippet = PassageSnippet.Build(item.Content, near.ChunkStart, near.ChunkLength, query.Query, _options.PassageCharacters);
            return new SearchHit(KnowledgePreview.ForListing(item), mode == SearchMode.Semantic ? near.Similarity : f.Score, snippet);
        }).ToList();
        return (hits, fused.Count);
    }

    private async Task<(string Model, ReadOnlyMemory<float> Vector)> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var model = generator!.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        if (queryVectors is not null && queryVectors.TryGet(model, text, out var cached))
        {
            return (model, cached);
        }

        var embedding = (await generator!.GenerateAsync([text], options: null, cancellationToken).ConfigureAwait(false)).Single();
        var made = embedding.ModelId ?? model;
        if (string.Equals(made, model, StringComparison.Ordinal))
        {
            queryVectors?.Set(model, text, embedding.Vector);
        }

        return (made, embedding.Vector);
    }

    /// <summary>
    /// The cosine of each title with the query vector; titles are embedded in one call for those not cached (the
    /// query vectors' cache: same model, same text, same vector). Blank titles and other models' vectors are left out.
    /// </summary>
    private async Task<Dictionary<string, double>> TitleSimilaritiesAsync((string Model, ReadOnlyMemory<float> Vector) query, IReadOnlyList<(string Id, string Title)> titles, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var missing = new List<(string Id, string Title)>();
        foreach (var (id, title) in titles.Where(t => !string.IsNullOrWhiteSpace(t.Title)))
        {
            if (queryVectors is not null && queryVectors.TryGet(query.Model, title, out var cached))
            {
                result[id] = Cosine(query.Vector, cached);
            }
            else
            {
                missing.Add((id, title));
            }
        }

        if (missing.Count > 0)
        {
            var made = await generator!.GenerateAsync(missing.Select(m => m.Title), options: null, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < missing.Count && i < made.Count; i++)
            {
                if (string.Equals(made[i].ModelId ?? query.Model, query.Model, StringComparison.Ordinal))
                {
                    queryVectors?.Set(query.Model, missing[i].Title, made[i].Vector);
                    result[missing[i].Id] = Cosine(query.Vector, made[i].Vector);
                }
            }
        }

        return result;
    }

    private static double Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b) =>
        a.Length == b.Length && a.Length > 0 ? System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a.Span, b.Span) : 0.0;

    /// <summary>The live items among <paramref name="ids"/>, read a few at a time.</summary>
    private async Task<Dictionary<string, KnowledgeItem>> LoadAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, KnowledgeItem>(StringComparer.Ordinal);
        foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(16))
        {
            var read = await Task.WhenAll(batch.Select(id => items.GetAsync(userId, id, cancellationToken))).ConfigureAwait(false);
            foreach (var item in read)
            {
                if (item is { DeletedAt: null } && item.UserId == userId)
                {
                    found[item.Id] = item;
                }
            }
        }

        return found;
    }

    private static bool TryParseMode(string text, out SearchMode mode)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "hybrid":
                mode = SearchMode.Hybrid;
                return true;
            case "keyword":
                mode = SearchMode.Keyword;
                return true;
            case "semantic":
                mode = SearchMode.Semantic;
                return true;
            default:
                mode = SearchMode.Hybrid;
                return false;
        }
    }

    private (KnowledgeSearchQuery Query, SearchMode Mode, string Text, int Page, int PerPage) Validate(AuthenticatedUser caller, SearchInput input)
    {
        var validation = new Validation();
        var text = input.Query?.Trim();
        ParsedSearchQuery? parsed = null;
        if (string.IsNullOrEmpty(text))
        {
            validation.Add("query", "query is required.");
        }
        else if (text.Length > _limits.SearchQueryMaxLength)
        {
            validation.Add("query", $"query must be at most {_limits.SearchQueryMaxLength} characters.");
        }
        else
        {
            parsed = SearchQueryParser.Parse(text);
            validation.Require(!parsed.IsEmpty, "query", "The query has no words to search for.");
        }

        var mode = SearchMode.Hybrid;
        if (input.Mode is { } requested && !TryParseMode(requested, out mode))
        {
            validation.Add("mode", "mode must be keyword, semantic or hybrid.");
        }

        var tags = KnowledgeInputValidator.Tags(input.Tags, _limits, validation);
        var contentType = KnowledgeInputValidator.ContentType(input.ContentType, validation, blankMeansDefault: false);
        validation.Require(input.From is null || input.To is null || input.From <= input.To, "from", "from must not be later than to.");
        var page = input.Page is { } p ? Paging.CheckPage(p, validation) : 1;
        var perPage = input.PerPage is { } pp ? Paging.CheckPerPage(pp, _limits, validation) : _limits.DefaultPageSize;
        validation.ThrowIfInvalid();

        var query = new KnowledgeSearchQuery
        {
            UserId = caller.UserId,
            Query = AnyTermQuery.From(parsed!, _options.AdjacentPhrases),
            Weights = _options.FieldWeights(),
            Tags = tags,
            ContentType = contentType,
            From = input.From,
            To = input.To,
            Skip = (page - 1) * perPage,
            Take = perPage,
        };
        return (query, mode, text!, page, perPage);
    }
}
