using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using static Kmt.Storage.Embedded.Tests.Search;

namespace Kmt.Storage.Embedded.Tests;

public sealed class KnowledgeSearchTests : TestDatabase
{
    private const string User = "user-a";

    private async Task<List<string>> Titles(params SearchClause[] clauses) =>
        (await Items.SearchAsync(For(User, clauses), Ct)).Hits.Select(h => h.Item.Title).Order().ToList();

    [Fact]
    public async Task Stemming_finds_other_forms_of_a_word()
    {
        await AddItemAsync(User, "Morning routine", "She runs every morning.");
        await AddItemAsync(User, "Marathon", "I run a marathon each year.");
        await AddItemAsync(User, "Unrelated", "Cooking pasta.");

        Assert.Equal(["Marathon", "Morning routine"], await Titles(Term("running")));
    }

    [Fact]
    public async Task Diacritics_are_ignored()
    {
        await AddItemAsync(User, "Café culture", "Notes about the café.");
        Assert.Equal(["Café culture"], await Titles(Term("cafe")));
    }

    [Fact]
    public async Task Prefix_phrase_or_and_not()
    {
        await AddItemAsync(User, "Photosynthesis", "Light energy becomes chemical energy in plants.");
        await AddItemAsync(User, "Photography", "Light and shutter speed.");
        await AddItemAsync(User, "Chemistry", "Chemical energy stored in bonds.");
        await AddItemAsync(User, "Reversed", "Energy chemical words reversed.");

        Assert.Equal(["Photography", "Photosynthesis"], await Titles(Term("photo", prefix: true)));
        Assert.Equal(["Chemistry", "Photosynthesis"], await Titles(Phrase("chemical", "energy")));
        Assert.Equal(["Chemistry", "Photography"], await Titles(Term("shutter"), Term("bonds", or: true)));
        Assert.Equal(["Chemistry", "Reversed"], await Titles(Term("chemical"), Term("plants", negated: true)));
        // (light OR bonds) AND energy, NOT plants
        Assert.Equal(["Chemistry"], await Titles(Term("light"), Term("bonds", or: true), Term("energy"), Term("plants", negated: true)));
    }

    [Fact]
    public async Task Only_negated_clauses_are_rejected_as_validation_error()
    {
        await AddItemAsync(User, "x", "y");
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Items.SearchAsync(For(User, Term("x", negated: true)), Ct));
        Assert.Equal("query", ex.Errors[0].Field);
    }

    [Fact]
    public async Task Title_match_outranks_a_passing_mention()
    {
        await AddItemAsync(User, "A long essay", "Many words about many things. " + string.Concat(Enumerable.Repeat("Filler text goes here. ", 30)) + "Also gardening once.");
        await AddItemAsync(User, "Gardening", "Notes on soil and seeds.");

        var (hits, total) = await Items.SearchAsync(For(User, "gardening"), Ct);

        Assert.Equal(2, total);
        Assert.Equal("Gardening", hits[0].Item.Title);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.True(hits[1].Score > 0);
    }

    [Fact]
    public async Task Snippet_marks_the_match_in_content_or_falls_back_to_title()
    {
        await AddItemAsync(User, "Biology notes", "Mitochondria is the powerhouse of the cell, as everyone remembers from school.");
        await AddItemAsync(User, "Mitochondria", "Organelles with their own DNA.");

        var (hits, _) = await Items.SearchAsync(For(User, "powerhouse"), Ct);
        var hit = Assert.Single(hits);
        Assert.Contains("<mark>powerhouse</mark>", hit.Snippet);

        (hits, _) = await Items.SearchAsync(For(User, "mitochondria"), Ct);
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Contains("<mark>", h.Snippet));
        Assert.Contains("<mark>Mitochondria</mark>", hits.Single(h => h.Item.Title == "Mitochondria").Snippet);
    }

    [Fact]
    public async Task Hostile_terms_are_quoted_and_never_throw()
    {
        await AddItemAsync(User, "Normal", "text with NEAR and OR words AND stuff");
        string[] hostile = ["\"", "\"\"", "a\"b", "NEAR", "OR", "AND", "NOT", "*", "title:x", "(", ")", "^x", "-", "{title}", "x\" OR \"y", "'", ";", "a\0b", "ü"];
        var failures = new List<string>();
        foreach (var term in hostile)
        {
            foreach (var query in new[] { For(User, Term(term)), For(User, Term("x" + term, prefix: true)), For(User, Phrase(term, term)), For(User, Term("text"), Term(term, negated: true)) })
            {
                try
                {
                    await Items.SearchAsync(query, Ct);
                }
                catch (Exception ex)
                {
                    failures.Add(term + " => " + ex.Message);
                }
            }
        }

        Assert.Empty(failures);

        // A clause with nothing searchable left is the client's error, never a store failure.
        var empty = await Assert.ThrowsAsync<ValidationException>(() => Items.SearchAsync(For(User, Term("\0")), Ct));
        Assert.Equal("query", empty.Errors[0].Field);

        // Keywords are searched as words, not operators.
        Assert.Equal(["Normal"], await Titles(Term("NEAR")));
    }

    [Fact]
    public async Task Filters_trash_content_type_tags_and_dates()
    {
        var a = await AddItemAsync(User, "Neurons a", "brain cells", ["science/biology"], T0, "note");
        await AddItemAsync(User, "Neurons b", "brain cells", ["science-fiction"], T0.AddDays(1), "article");
        var c = await AddItemAsync(User, "Neurons c", "brain cells", ["science/biology", "favorites"], T0.AddDays(2), "note");
        var trashed = await AddItemAsync(User, "Neurons d", "brain cells", ["science"], T0.AddDays(3), "note");
        await Items.ReplaceAsync(trashed with { DeletedAt = T0, ETag = ETags.New() }, trashed.ETag, null, Ct);

        async Task<List<string>> Find(KnowledgeSearchQuery q) => (await Items.SearchAsync(q, Ct)).Hits.Select(h => h.Item.Title).Order().ToList();
        var all = For(User, "neurons");

        Assert.Equal(["Neurons a", "Neurons b", "Neurons c"], await Find(all));
        Assert.Equal(["Neurons b"], await Find(all with { ContentType = "article" }));
        Assert.Equal(["Neurons a", "Neurons c"], await Find(all with { Tags = ["science"] }));
        Assert.Equal(["Neurons c"], await Find(all with { Tags = ["science", "favorites"] }));
        Assert.Equal(["Neurons b", "Neurons c"], await Find(all with { From = T0.AddDays(1) }));
        Assert.Equal(["Neurons a", "Neurons b"], await Find(all with { To = T0.AddDays(1) }));
        Assert.NotNull(a);
        Assert.NotNull(c);
    }

    [Fact]
    public async Task Tags_are_searchable_and_paging_reports_the_total()
    {
        for (var i = 0; i < 7; i++)
        {
            await AddItemAsync(User, "Item " + i, "plain words", ["astronomy"]);
        }

        var (hits, total) = await Items.SearchAsync(For(User, "astronomy") with { Skip = 5, Take = 5 }, Ct);

        Assert.Equal(7, total);
        Assert.Equal(2, hits.Count);
    }

    [Fact]
    public async Task Search_index_follows_replace()
    {
        var item = await AddItemAsync(User, "Old title", "old words");
        await Items.ReplaceAsync(item with { Title = "Fresh title", Content = "brand new words", ETag = ETags.New(), Version = 2 }, item.ETag, null, Ct);

        Assert.Empty(await Titles(Term("old")));
        Assert.Equal(["Fresh title"], await Titles(Term("brand")));
    }

    [Theory]
    [InlineData("\"a\"")]
    [InlineData("\"a\" AND \"b\"")]
    public void Renderer_quotes_terms(string expected)
    {
        var clauses = expected.Contains("AND", StringComparison.Ordinal) ? new[] { Term("a"), Term("b") } : [Term("a")];
        Assert.Equal(expected, Knowledge.Fts5QueryRenderer.Render(new ParsedSearchQuery(clauses)));
    }

    [Fact]
    public void Renderer_builds_groups_prefixes_phrases_and_negation()
    {
        var query = new ParsedSearchQuery(
        [
            Term("a"), Term("b", prefix: true, or: true), Phrase("c", "d"), Term("e", negated: true), Term("f\"g", negated: true),
        ]);

        Assert.Equal("( ( \"a\" OR \"b\"* ) AND \"c d\" ) NOT ( \"e\" OR \"f\"\"g\" )", Knowledge.Fts5QueryRenderer.Render(query));
    }
}
