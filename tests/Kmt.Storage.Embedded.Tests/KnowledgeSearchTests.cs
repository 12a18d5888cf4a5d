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
    public async Task The_column_weights_of_the_query_decide_between_a_title_match_and_a_content_match()
    {
        await AddItemAsync(User, "Gardening", "Notes on soil and seeds.");
        await AddItemAsync(User, "Weekend", "Gardening gardening gardening, then rest.");

        var titleFirst = await Items.SearchAsync(For(User, "gardening") with { Weights = new SearchFieldWeights(10, 1, 1) }, Ct);
        var contentFirst = await Items.SearchAsync(For(User, "gardening") with { Weights = new SearchFieldWeights(0.1, 1, 1) }, Ct);

        Assert.Equal("Gardening", titleFirst.Hits[0].Item.Title);
        Assert.Equal("Weekend", contentFirst.Hits[0].Item.Title);
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
    [InlineData("programmi", "Programming languages compared")]
    [InlineData("normaliz", "Normalization avoids anomalies")]
    [InlineData("runni", "Running every morning")]
    [InlineData("studyi", "Studying for exams")]
    public async Task A_prefix_longer_than_the_words_stem_still_matches(string prefix, string content)
    {
        // The stemmed index holds "program", "normal", "run", "studi": none starts with the prefix.
        await AddItemAsync(User, "Note", content);
        await AddItemAsync(User, "Other", "Nothing relevant here.");

        var (hits, total) = await Items.SearchAsync(For(User, Term(prefix, prefix: true)), Ct);

        var hit = Assert.Single(hits);
        Assert.Equal("Note", hit.Item.Title);
        Assert.Equal(1, total);
        Assert.True(hit.Score > 0);
        Assert.StartsWith("<mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_matches_words_whose_stem_is_not_a_prefix_of_them()
    {
        // "happy" is stemmed to "happi": only the stemmed index knows "happi*" matches it; "happiness" is in both.
        await AddItemAsync(User, "Mood", "A happy day.");
        await AddItemAsync(User, "Essay", "On happiness.");
        await AddItemAsync(User, "Program", "Programs and programmers.");

        Assert.Equal(["Essay", "Mood"], await Titles(Term("happi", prefix: true)));
        Assert.Equal(["Program"], await Titles(Term("prog", prefix: true)));
        Assert.Equal(["Program"], await Titles(Term("programmer", prefix: true)));
    }

    [Fact]
    public async Task Prefixes_combine_with_words_or_groups_and_exclusions()
    {
        await AddItemAsync(User, "Python programming", "Writing programs in python.");
        await AddItemAsync(User, "Rust programming", "Ownership and borrowing.");
        await AddItemAsync(User, "Running shoes", "Gear for runs.");
        await AddItemAsync(User, "Snakes", "A python is a reptile.");
        await AddItemAsync("user-b", "Python programming b", "Another user's python programming.");
        var trashed = await AddItemAsync(User, "Trashed python programming", "python programming");
        await Items.ReplaceAsync(trashed with { DeletedAt = T0, ETag = ETags.New() }, trashed.ETag, null, Ct);

        // word AND prefix
        Assert.Equal(["Python programming"], await Titles(Term("python"), Term("programmi", prefix: true)));
        // prefix OR word, both with stemming where it applies ("reptiles" finds "reptile")
        Assert.Equal(["Running shoes", "Snakes"], await Titles(Term("runni", prefix: true), Term("reptiles", or: true)));
        // prefix, NOT word
        Assert.Equal(["Rust programming"], await Titles(Term("programmi", prefix: true), Term("python", negated: true)));
        // word, NOT prefix (the excluded prefix also matches through the unstemmed index)
        Assert.Equal(["Snakes"], await Titles(Term("python"), Term("programmi", prefix: true, negated: true)));
        // stemmed word AND prefix: "runs" finds "running" and "runs"; gear*
        Assert.Equal(["Running shoes"], await Titles(Term("runs"), Term("gea", prefix: true)));
        // (python OR runni*) AND NOT snak*
        Assert.Equal(["Python programming", "Running shoes"], await Titles(Term("python"), Term("runni", prefix: true, or: true), Term("snak", prefix: true, negated: true)));

        // Only the user's live items, with totals, pages and counts as for other queries.
        var query = For(User, Term("programmi", prefix: true));
        Assert.Equal(2, (await Items.SearchAsync(query, Ct)).Total);
        var (past, pastTotal) = await Items.SearchAsync(query with { Skip = 5, Take = 5 }, Ct);
        Assert.Empty(past);
        Assert.Equal(2, pastTotal);
        Assert.Equal(2, (await Items.SearchAsync(query with { Take = 0 }, Ct)).Total);
        var (second, secondTotal) = await Items.SearchAsync(query with { Skip = 1, Take = 1 }, Ct);
        Assert.Single(second);
        Assert.Equal(2, secondTotal);
    }

    [Fact]
    public async Task A_prefix_match_in_the_title_outranks_a_passing_mention()
    {
        await AddItemAsync(User, "A long essay", "Many words about many things. " + string.Concat(Enumerable.Repeat("Filler text goes here. ", 30)) + "Also programming once.");
        await AddItemAsync(User, "Programming", "Notes on languages.");

        var (hits, total) = await Items.SearchAsync(For(User, Term("programmi", prefix: true)), Ct);

        Assert.Equal(2, total);
        Assert.Equal("Programming", hits[0].Item.Title);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.True(hits[1].Score > 0);
        Assert.Contains("<mark>programming</mark>", hits[1].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snippet_escapes_stored_text_so_that_mark_is_the_only_markup()
    {
        await AddItemAsync(User, "Markup", "payload <script>alert('x')</script> & \"quoted\" R&amp;D <img src=x onerror=alert(1)> end");

        var hit = Assert.Single((await Items.SearchAsync(For(User, "payload"), Ct)).Hits);

        Assert.Equal(
            "<mark>payload</mark> &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot; R&amp;amp;D &lt;img src=x onerror=alert(1)&gt; end",
            hit.Snippet);
        Assert.Equal("payload <script>alert('x')</script> & \"quoted\" R&amp;D <img src=x onerror=alert(1)> end", hit.Item.Content);

        // The same for prefix matches (the other index).
        var prefixHit = Assert.Single((await Items.SearchAsync(For(User, Term("payl", prefix: true)), Ct)).Hits);
        Assert.StartsWith("<mark>payload</mark> &lt;script&gt;", prefixHit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_title_snippet_and_the_title_fallback_are_escaped()
    {
        await AddItemAsync(User, "<b>Bold</b> & brave", "");
        await AddItemAsync(User, "<i>Tagged</i>", "", ["astronomy"]);

        var titleHit = Assert.Single((await Items.SearchAsync(For(User, "brave"), Ct)).Hits);
        Assert.Equal("&lt;b&gt;Bold&lt;/b&gt; &amp; <mark>brave</mark>", titleHit.Snippet);

        // Only a tag matched and the content is empty: the title, escaped.
        var tagHit = Assert.Single((await Items.SearchAsync(For(User, "astronomy"), Ct)).Hits);
        Assert.Equal("&lt;i&gt;Tagged&lt;/i&gt;", tagHit.Snippet);
    }

    [Fact]
    public async Task Stored_text_holding_the_snippet_placeholders_cannot_forge_marks()
    {
        await AddItemAsync(User, "Controls", "alpha \u0001beta\u0002 gamma <b>");

        var hit = Assert.Single((await Items.SearchAsync(For(User, "gamma"), Ct)).Hits);

        Assert.Equal("alpha &#x1;beta&#x2; <mark>gamma</mark> &lt;b&gt;", hit.Snippet); // control characters are encoded, never marks
    }

    [Fact]
    public async Task The_unstemmed_index_follows_replace_and_erase()
    {
        var item = await AddItemAsync(User, "Old", "programming notes");
        Assert.Equal(["Old"], await Titles(Term("programmi", prefix: true)));

        await Items.ReplaceAsync(item with { Title = "New", Content = "normalization notes", ETag = ETags.New(), Version = 2 }, item.ETag, null, Ct);
        Assert.Empty(await Titles(Term("programmi", prefix: true)));
        Assert.Equal(["New"], await Titles(Term("normaliz", prefix: true)));

        Assert.True(await Items.EraseAsync(User, item.Id, Ct));
        Assert.Empty(await Titles(Term("normaliz", prefix: true)));
    }

    [Fact]
    public async Task The_migration_indexes_items_stored_before_it()
    {
        // A database at the schema before the unstemmed index, with an item in it.
        System.IO.Directory.CreateDirectory(Directory);
        var item = NewItem(User, "Legacy", "Programming in the old days");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database.DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            var unstemmed = Sqlite.Migrations.All.First(m => m.Sql.Contains("CREATE VIRTUAL TABLE knowledge_fts_unstemmed", StringComparison.Ordinal)).Version;
            foreach (var (version, sql) in Sqlite.Migrations.All.Where(m => m.Version < unstemmed))
            {
                await using var migrate = connection.CreateCommand();
                migrate.CommandText = sql + $"\nPRAGMA user_version = {version};";
                await migrate.ExecuteNonQueryAsync(Ct);
            }

            await using var insert = connection.CreateCommand();
            // The columns of that schema: the ones later migrations added (8: content length ..., 10: graph_pending_since, 14: source_id) are left out.
            var before6 = System.Text.RegularExpressions.Regex.Replace(Knowledge.KnowledgeItemRows.Insert, @",\s*content_length, content_truncated, original_content_length, source_upload_id, source_id, graph_pending_since", "");
            insert.CommandText = System.Text.RegularExpressions.Regex.Replace(before6, @",\s*@contentLength, @truncated, @originalLength, @sourceUpload, @sourceId, @graphPending", "");
            Knowledge.KnowledgeItemRows.Bind(insert, item);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(["Legacy"], await Titles(Term("programmi", prefix: true)));
        Assert.Equal(["Legacy"], await Titles(Term("programming")));

        // Migration 6 back-fills the content length lists report.
        Assert.Equal(item.Content.Length, (await Items.GetAsync(User, item.Id, Ct))!.ContentLength);
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
