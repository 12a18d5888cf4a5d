using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Storage.Contracts;

/// <summary>
/// IKnowledgeStore.SearchAsync, with adapter-neutral expectations: whole-word matching in title,
/// content and tags, AND / OR / NOT, title matches ranked above passing mentions, trash excluded,
/// filters, totals with paging, marked snippets, the index following replace and erase, and the user
/// partition. What differs between engines (FTS5 vs Cosmos DB full-text search) is stated by the
/// capability flags below, which an adapter overrides; every flag that is off is listed in
/// docs/azure-verification.md.
/// </summary>
public abstract class KnowledgeSearchContract : StoreContract
{
    /// <summary>"running" also finds "runs" and "run" (FTS5 porter; Cosmos DB full-text with a language).</summary>
    protected virtual bool StemsWords => true;

    /// <summary>Prefix clauses ("photo*") match by prefix. Off: a prefix clause matches the whole word only.</summary>
    protected virtual bool MatchesPrefixes => true;

    /// <summary>"cafe" finds "café".</summary>
    protected virtual bool FoldsDiacritics => true;

    /// <summary>A phrase matches its words adjacent and in order only (not just all of them anywhere).</summary>
    protected virtual bool MatchesPhrasesExactly => true;

    private async Task<List<string>> Titles(params SearchClause[] clauses) =>
        (await Items.SearchAsync(SearchFor(A, clauses), Ct)).Hits.Select(h => h.Item.Title).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public virtual async Task A_word_matches_title_content_and_tags_of_live_items_only()
    {
        await AddItemAsync(A, "Gardening basics", "Soil and seeds.");
        await AddItemAsync(A, "Weekend", "Some gardening in the morning.");
        await AddItemAsync(A, "Tagged", "Nothing in the text.", ["gardening"]);
        await AddItemAsync(A, "Unrelated", "Cooking pasta.");
        await TrashAsync(await AddItemAsync(A, "Trashed gardening", "gardening"));
        await AddItemAsync(B, "Gardening of B", "gardening");

        Assert.Equal(["Gardening basics", "Tagged", "Weekend"], await Titles(Term("gardening")));
        Assert.Empty(await Titles(Term("gardenin")));
    }

    [Fact]
    public virtual async Task And_or_and_not_combine()
    {
        await AddItemAsync(A, "Photosynthesis", "Light energy becomes chemical energy in plants.");
        await AddItemAsync(A, "Photography", "Light and shutter speed.");
        await AddItemAsync(A, "Chemistry", "Chemical energy stored in bonds.");
        await AddItemAsync(A, "Reversed", "Energy chemical words reversed.");

        Assert.Equal(["Chemistry", "Photosynthesis", "Reversed"], await Titles(Term("chemical"), Term("energy")));
        Assert.Equal(["Chemistry", "Photography"], await Titles(Term("shutter"), Term("bonds", or: true)));
        Assert.Equal(["Chemistry", "Reversed"], await Titles(Term("chemical"), Term("plants", negated: true)));
        // (light OR bonds) AND energy, NOT plants
        Assert.Equal(["Chemistry"], await Titles(Term("light"), Term("bonds", or: true), Term("energy"), Term("plants", negated: true)));
    }

    [Fact]
    public virtual async Task A_phrase_matches_its_words()
    {
        await AddItemAsync(A, "Photosynthesis", "Light energy becomes chemical energy in plants.");
        await AddItemAsync(A, "Chemistry", "Chemical energy stored in bonds.");
        await AddItemAsync(A, "Reversed", "Energy chemical words reversed.");
        await AddItemAsync(A, "Apart", "Chemical words and then energy.");

        var found = await Titles(Phrase("chemical", "energy"));
        Assert.Contains("Photosynthesis", found);
        Assert.Contains("Chemistry", found);
        if (MatchesPhrasesExactly)
        {
            Assert.Equal(["Chemistry", "Photosynthesis"], found);
        }
    }

    [Fact]
    public virtual async Task Stemming_finds_other_forms_of_a_word_when_the_engine_stems()
    {
        await AddItemAsync(A, "Morning routine", "She runs every morning.");
        await AddItemAsync(A, "Marathon", "I run a marathon each year.");
        await AddItemAsync(A, "Exact", "Running is fun.");
        await AddItemAsync(A, "Unrelated", "Cooking pasta.");

        // Every engine finds the word as written.
        var found = await Titles(Term("running"));
        Assert.Contains("Exact", found);
        Assert.DoesNotContain("Unrelated", found);
        Assert.Equal(StemsWords ? ["Exact", "Marathon", "Morning routine"] : ["Exact"], found);
    }

    [Fact]
    public virtual async Task Prefix_clauses_match_by_prefix_when_the_engine_supports_it()
    {
        await AddItemAsync(A, "Photosynthesis", "Light into sugar.");
        await AddItemAsync(A, "Photography", "Light and shutter speed.");
        await AddItemAsync(A, "Photo", "A photo.");
        await AddItemAsync(A, "Biology", "Cells.");

        var found = await Titles(Term("photo", prefix: true));
        Assert.Contains("Photo", found);
        Assert.Equal(MatchesPrefixes ? ["Photo", "Photography", "Photosynthesis"] : ["Photo"], found);
    }

    [Fact]
    public virtual async Task Diacritics_are_folded_when_the_engine_folds_them()
    {
        await AddItemAsync(A, "Café culture", "Notes about the café.");
        Assert.Equal(["Café culture"], await Titles(Term("café")));
        Assert.Equal(FoldsDiacritics ? ["Café culture"] : [], await Titles(Term("cafe")));
    }

    [Fact]
    public virtual async Task A_title_match_outranks_a_passing_mention()
    {
        await AddItemAsync(A, "A long essay", "Many words about many things. " + string.Concat(Enumerable.Repeat("Filler text goes here. ", 30)) + "Also gardening once.");
        await AddItemAsync(A, "Gardening", "Notes on soil and seeds.");

        var (hits, total) = await Items.SearchAsync(SearchFor(A, "gardening"), Ct);

        Assert.Equal(2, total);
        Assert.Equal("Gardening", hits[0].Item.Title);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.True(hits[1].Score > 0);
    }

    [Fact]
    public virtual async Task Snippets_mark_the_match_and_escape_stored_text()
    {
        await AddItemAsync(A, "Biology notes", "Mitochondria is the powerhouse of the cell <b>, as everyone remembers.");

        var hit = Assert.Single((await Items.SearchAsync(SearchFor(A, "powerhouse"), Ct)).Hits);

        Assert.Contains(SnippetMarkers.Start + "powerhouse" + SnippetMarkers.End, hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal("Mitochondria is the powerhouse of the cell <b>, as everyone remembers.", hit.Item.Content);
    }

    [Fact]
    public virtual async Task Item_ids_restrict_the_search_and_the_ranking_may_come_without_snippets()
    {
        var first = await AddItemAsync(A, "Gardening basics", "Soil and seeds for gardening.");
        await AddItemAsync(A, "Weekend", "Some gardening in the morning.");
        var third = await AddItemAsync(A, "Gardening tools", "Spades for gardening.");
        var theirs = await AddItemAsync(B, "Gardening of B", "gardening");

        var (some, total) = await Items.SearchAsync(SearchFor(A, "gardening") with { ItemIds = [first.Id, third.Id, theirs.Id] }, Ct);
        var ranked = await Items.SearchAsync(SearchFor(A, "gardening") with { WithSnippets = false }, Ct);

        Assert.Equal(["Gardening basics", "Gardening tools"], some.Select(h => h.Item.Title).Order(StringComparer.Ordinal));
        Assert.Equal(2, total);
        Assert.All(some, h => Assert.Contains(SnippetMarkers.Start, h.Snippet, StringComparison.Ordinal));
        Assert.Equal(3, ranked.Total);
        Assert.Equal(
            (await Items.SearchAsync(SearchFor(A, "gardening"), Ct)).Hits.Select(h => h.Item.Id),
            ranked.Hits.Select(h => h.Item.Id));
        Assert.Empty((await Items.SearchAsync(SearchFor(A, "gardening") with { ItemIds = [] }, Ct)).Hits);
    }

    [Fact]
    public virtual async Task Filters_on_content_type_tags_and_dates()
    {
        await AddItemAsync(A, "Neurons a", "brain cells", ["science/biology"], T0, "note");
        await AddItemAsync(A, "Neurons b", "brain cells", ["science-fiction"], T0.AddDays(1), "article");
        await AddItemAsync(A, "Neurons c", "brain cells", ["science/biology", "favorites"], T0.AddDays(2), "note");
        await TrashAsync(await AddItemAsync(A, "Neurons d", "brain cells", ["science"], T0.AddDays(3), "note"));

        async Task<List<string>> Find(KnowledgeSearchQuery q) => (await Items.SearchAsync(q, Ct)).Hits.Select(h => h.Item.Title).Order(StringComparer.Ordinal).ToList();
        var all = SearchFor(A, "neurons");

        Assert.Equal(["Neurons a", "Neurons b", "Neurons c"], await Find(all));
        Assert.Equal(["Neurons b"], await Find(all with { ContentType = "article" }));
        Assert.Equal(["Neurons a", "Neurons c"], await Find(all with { Tags = ["science"] }));
        Assert.Equal(["Neurons c"], await Find(all with { Tags = ["science", "favorites"] }));
        Assert.Equal(["Neurons b", "Neurons c"], await Find(all with { From = T0.AddDays(1) }));
        Assert.Equal(["Neurons a", "Neurons b"], await Find(all with { To = T0.AddDays(1) }));
    }

    [Fact]
    public virtual async Task Paging_reports_the_total_of_all_matches()
    {
        for (var i = 0; i < 7; i++)
        {
            await AddItemAsync(A, "Item " + i, "astronomy words");
        }

        var (hits, total) = await Items.SearchAsync(SearchFor(A, "astronomy") with { Skip = 5, Take = 5 }, Ct);
        Assert.Equal(7, total);
        Assert.Equal(2, hits.Count);

        var (none, stillTotal) = await Items.SearchAsync(SearchFor(A, "astronomy") with { Skip = 10, Take = 5 }, Ct);
        Assert.Empty(none);
        Assert.Equal(7, stillTotal);
    }

    [Fact]
    public virtual async Task Only_negated_clauses_are_a_validation_error()
    {
        await AddItemAsync(A, "x", "y");
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Items.SearchAsync(SearchFor(A, Term("x", negated: true)), Ct));
        Assert.Equal("query", ex.Errors[0].Field);
    }

    [Fact]
    public virtual async Task Hostile_terms_never_throw_and_keywords_are_words()
    {
        await AddItemAsync(A, "Normal", "text with NEAR and OR words AND stuff");
        string[] hostile = ["\"", "a\"b", "NEAR", "OR", "AND", "NOT", "*", "title:x", "(", ")", "^x", "-", "{title}", "x\" OR \"y", "'", ";", "ü", "c.userId", "@u"];
        var failures = new List<string>();
        foreach (var term in hostile)
        {
            foreach (var query in new[] { SearchFor(A, Term(term)), SearchFor(A, Term("x" + term, prefix: true)), SearchFor(A, Phrase(term, term)), SearchFor(A, Term("text"), Term(term, negated: true)) })
            {
                try
                {
                    await Items.SearchAsync(query, Ct);
                }
                catch (ValidationException)
                {
                    // Nothing searchable left in the clause: the client's error, which is fine.
                }
                catch (Exception ex)
                {
                    failures.Add(term + " => " + ex.Message);
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(["Normal"], await Titles(Term("near")));
    }

    [Fact]
    public virtual async Task The_index_follows_replace_and_erase()
    {
        var item = await AddItemAsync(A, "Old title", "old words");
        await Items.ReplaceAsync(item with { Title = "Fresh title", Content = "brand new words", ETag = ETags.New(), Version = 2 }, item.ETag, null, Ct);

        Assert.Empty(await Titles(Term("old")));
        Assert.Equal(["Fresh title"], await Titles(Term("brand")));

        Assert.True(await Items.EraseAsync(A, item.Id, Ct));
        Assert.Empty(await Titles(Term("brand")));
    }

    [Fact]
    public virtual async Task Another_users_items_are_never_found()
    {
        await AddItemAsync(A, "Secret plans", "classified content");
        await AddItemAsync(B, "Public plans", "open content");

        Assert.Equal(0, (await Items.SearchAsync(SearchFor(B, "classified"), Ct)).Total);
        Assert.Equal(["Public plans"], (await Items.SearchAsync(SearchFor(B, "plans"), Ct)).Hits.Select(h => h.Item.Title));
        Assert.Equal(["Secret plans"], (await Items.SearchAsync(SearchFor(A, "plans"), Ct)).Hits.Select(h => h.Item.Title));
    }

    [Fact]
    public virtual async Task Hits_carry_a_bounded_preview_and_the_whole_length()
    {
        var content = "needle " + KnowledgeStoreContract.LongTextWithAPairAtThePreviewEdge();
        await AddItemAsync(A, "Long", content);

        var hit = Assert.Single((await Items.SearchAsync(SearchFor(A, "needle"), Ct)).Hits);

        Assert.True(hit.Item.Content.Length <= KnowledgePreview.MaxLength);
        Assert.StartsWith("needle ", hit.Item.Content, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(hit.Item.Content[^1]));
        Assert.Equal(content.Length, hit.Item.ContentLength);
        Assert.Contains("<mark>needle</mark>", hit.Snippet, StringComparison.Ordinal);
    }
}
