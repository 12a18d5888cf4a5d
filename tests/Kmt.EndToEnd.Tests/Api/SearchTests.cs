using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>POST knowledge/search: hits with scores and highlighted snippets, ranking basics, filters, hostile input.</summary>
[Collection(DevHostCollection.Name)]
public sealed class SearchTests(DevHostFixture host)
{
    private const string Search = "api/v1/knowledge/search";

    private static readonly string Filler = string.Join(' ', Enumerable.Repeat("ordinary filler words about nothing in particular", 40));

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_hit_has_the_item_fields_a_score_and_a_marked_snippet()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync(new { title = "Gardening notes", content = "Tomatoes need plenty of sunlight and water.", tags = new[] { "garden" }, content_type = "note" });

        var response = (await user.Client.PostAsync(Search, new { query = "sunlight" })).Expect(HttpStatusCode.OK);
        var hit = Assert.Single(response.Data.AsArray())!;
        Assert.Equal(item.Str("id"), hit.Str("id"));
        Assert.Equal("Gardening notes", hit.Str("title"));
        Assert.Equal(item.Str("content"), hit.Str("content_preview")); // short content: the preview is all of it
        Assert.Null(hit["content"]); // lists and search never carry the whole content
        Assert.Equal(item.Str("content").Length, hit["content_length"]!.GetValue<int>());
        Assert.Equal("note", hit.Str("content_type"));
        Assert.Equal(["garden"], hit.Strings("tags"));
        Assert.Equal(item.Str("etag"), hit.Str("etag"));
        Assert.Equal(item.Str("created_at"), hit.Str("created_at"));
        Assert.True(hit["score"]!.GetValue<double>() > 0, hit.ToJsonString());
        Assert.Contains("<mark>sunlight</mark>", hit.Str("snippet"), StringComparison.OrdinalIgnoreCase);

        var pagination = response.Json!["pagination"]!;
        Assert.Equal(1, pagination["total"]!.GetValue<long>());
        Assert.Equal(1, pagination.Int("page"));
        Assert.Equal(20, pagination.Int("per_page"));
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_title_match_ranks_above_a_single_mention_deep_in_the_content()
    {
        var user = await host.RegisterAsync();
        var deep = (await user.CreateItemAsync("Weekly digest", Filler + " and once: photosynthesis. " + Filler)).Str("id");
        var titled = (await user.CreateItemAsync("Photosynthesis explained", "How plants turn light into sugar.")).Str("id");

        var hits = (await user.Client.PostAsync(Search, new { query = "photosynthesis" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal([titled, deep], hits.Select(h => h!.Str("id")));
        Assert.True(hits[0]!["score"]!.GetValue<double>() > hits[1]!["score"]!.GetValue<double>());
        Assert.Contains("<mark>", hits[1]!.Str("snippet"), StringComparison.Ordinal);
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Stemming_finds_other_forms_of_a_word()
    {
        var user = await host.RegisterAsync();
        var runs = (await user.CreateItemAsync("Morning routine", "She runs every morning before work.")).Str("id");
        await user.CreateItemAsync("Evening routine", "He walks every evening after work.");

        var hits = (await user.Client.PostAsync(Search, new { query = "running" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal([runs], hits.Select(h => h!.Str("id")));
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_quoted_phrase_needs_the_words_together()
    {
        var user = await host.RegisterAsync();
        var together = (await user.CreateItemAsync("A", "the quick brown fox jumps")).Str("id");
        var apart = (await user.CreateItemAsync("B", "the brown dog and the quick cat")).Str("id");

        var phrase = (await user.Client.PostAsync(Search, new { query = "\"quick brown\"" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal([together], phrase.Select(h => h!.Str("id")));

        var words = (await user.Client.PostAsync(Search, new { query = "quick brown" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(new[] { together, apart }.Order(), words.Select(h => h!.Str("id")).Order());
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_prefix_search_matches_longer_words()
    {
        var user = await host.RegisterAsync();
        var item = (await user.CreateItemAsync("Biology", "Photosynthesis feeds the plant.")).Str("id");
        await user.CreateItemAsync("Other", "Nothing relevant.");

        var hits = (await user.Client.PostAsync(Search, new { query = "photo*" })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal([item], hits.Select(h => h!.Str("id")));
        Assert.Contains("<mark>", hits[0]!.Str("snippet"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A user typing the start of a word ("programmi*" while typing "programming") expects the word.
    /// The index stores porter stems ("program"), so a prefix longer than the stem matches nothing.
    /// </summary>
    [NotOnEmulatedAzureTheory(EmulatedAzureGaps.FullTextSearch)]
    [InlineData("programmi*", "Programming languages compared")]
    [InlineData("normaliz*", "Normalization avoids anomalies")]
    [InlineData("runni*", "Running every morning")]
    public async Task A_prefix_longer_than_the_words_stem_still_matches(string query, string content)
    {
        var user = await host.RegisterAsync();
        var item = (await user.CreateItemAsync("Note", content)).Str("id");

        var hits = (await user.Client.PostAsync(Search, new { query })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal([item], hits.Select(h => h!.Str("id")));
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Excluded_words_and_or_groups()
    {
        var user = await host.RegisterAsync();
        var cats = (await user.CreateItemAsync("Cats", "pets that purr")).Str("id");
        var dogs = (await user.CreateItemAsync("Dogs", "pets that bark")).Str("id");

        Assert.Equal([cats], Ids(await SearchAsync(user, new { query = "pets -bark" })));
        Assert.Equal(new[] { cats, dogs }.Order(), Ids(await SearchAsync(user, new { query = "purr OR bark" })).Order());
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Tags_content_type_and_date_filters()
    {
        var user = await host.RegisterAsync();
        var physics = await user.CreateItemAsync(new { title = "Entropy", content = "entropy always grows", tags = new[] { "science/physics" }, content_type = "article" });
        var fiction = await user.CreateItemAsync(new { title = "Entropy novel", content = "entropy as a plot device", tags = new[] { "science-fiction" }, content_type = "book" });

        Assert.Equal([physics.Str("id")], Ids(await SearchAsync(user, new { query = "entropy", tags = new[] { "science" } })));
        Assert.Equal([fiction.Str("id")], Ids(await SearchAsync(user, new { query = "entropy", tags = new[] { "science-fiction" } })));
        Assert.Equal([fiction.Str("id")], Ids(await SearchAsync(user, new { query = "entropy", content_type = "book" })));

        var created = DateTimeOffset.Parse(physics.Str("created_at"));
        Assert.Empty(Ids(await SearchAsync(user, new { query = "entropy", to = created.AddDays(-1) })));
        Assert.Empty(Ids(await SearchAsync(user, new { query = "entropy", from = created.AddDays(1) })));
        Assert.Equal(2, Ids(await SearchAsync(user, new { query = "entropy", from = created.AddMinutes(-5), to = DateTimeOffset.UtcNow.AddMinutes(5) })).Count);
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Search_pages_with_page_and_per_page()
    {
        var user = await host.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            await user.CreateItemAsync($"Pagination {i}", "xylophone music");
        }

        // Keyword mode: in hybrid the five items' vectors land in the background while the pages are read, and
        // each landing can reorder the fused ranking between one page and the next.
        var first = (await user.Client.PostAsync(Search, new { query = "xylophone", mode = "keyword", per_page = 2, page = 1 })).Expect(HttpStatusCode.OK);
        var third = (await user.Client.PostAsync(Search, new { query = "xylophone", mode = "keyword", per_page = 2, page = 3 })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, first.Data.AsArray().Count);
        Assert.Single(third.Data.AsArray());
        Assert.Equal(5, first.Json!["pagination"]!["total"]!.GetValue<long>());
        Assert.Equal(3, first.Json["pagination"]!.Int("total_pages"));

        var all = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            all.AddRange(Ids((await user.Client.PostAsync(Search, new { query = "xylophone", mode = "keyword", per_page = 2, page })).Data));
        }

        Assert.Equal(5, all.Distinct().Count());
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Trashed_items_are_not_found()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Ephemeral", "quasar observations")).Str("id");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
        Assert.Empty(Ids(await SearchAsync(user, new { query = "quasar" })));
        (await user.Client.PostAsync($"{KmtApi.Knowledge}/{id}/restore", null)).Expect(HttpStatusCode.OK);
        Assert.Equal([id], Ids(await SearchAsync(user, new { query = "quasar" })));
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_replaced_item_is_found_by_its_new_words_only()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync("Before", "marmalade recipe");
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{item.Str("id")}", new { title = "After", content = "chutney recipe" }, KmtApi.IfMatch(item.Str("etag")))).Expect(HttpStatusCode.OK);

        // The word index follows the write at once; the meaning (hybrid's semantic half) follows it when the new
        // vectors land in the background, so until then the old vectors may still find it: keyword mode pins
        // what this test is about.
        Assert.Empty(Ids(await SearchAsync(user, new { query = "marmalade", mode = "keyword" })));
        Assert.Equal([item.Str("id")], Ids(await SearchAsync(user, new { query = "chutney", mode = "keyword" })));
    }

    /// <summary>
    /// The snippet is HTML (clients must render it to show the &lt;mark&gt; highlights), so the stored text
    /// around the marks must be escaped: a plain-text note about markup must not become live markup.
    /// </summary>
    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_snippet_escapes_stored_text_so_that_mark_is_the_only_markup()
    {
        var user = await host.RegisterAsync();
        await user.CreateItemAsync(new { title = "XSS notes", content = "payload <img src=x onerror=alert(1)> breaks naive renderers", content_type = "text" });

        var hit = Assert.Single((await user.Client.PostAsync(Search, new { query = "payload" })).Expect(HttpStatusCode.OK).Data.AsArray())!;
        var snippet = hit.Str("snippet");
        Assert.Contains("<mark>payload</mark>", snippet, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("payload <img src=x onerror=alert(1)> breaks naive renderers", hit.Str("content_preview")); // the preview itself is as stored
    }

    public static TheoryData<string> HostileQueries() => new()
    {
        "\"unbalanced quote",
        "unbalanced\" quote\"\"\"",
        "*",
        "NEAR(",
        "NEAR(a b, 3)",
        "title:x",
        "content:secret OR user_id:1",
        ")))",
        "(((",
        "AND",
        "OR OR OR",
        "NOT",
        "-",
        "a -",
        "^start",
        "x' OR 1=1 --",
        "'; DROP TABLE knowledge_items; --",
        "🙂🚀 emoji",
        "🙂",
        "{curly} [square] <angle>",
        "\u0000null byte",
        "tab\tand\nnewline",
        "e-mail c++ .net",
        new string('a', 500),
        string.Join(' ', Enumerable.Repeat("word", 100)),
        string.Join(' ', Enumerable.Repeat("w*", 120)),
        new string('"', 500),
        new string('*', 500),
    };

    [NotOnEmulatedAzureTheory(EmulatedAzureGaps.FullTextSearch)]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_queries_never_fail_the_server(string query)
    {
        var user = await host.RegisterAsync();
        await user.CreateItemAsync("Something", "title x secret word emoji start");

        var response = await user.Client.PostAsync(Search, new { query });
        Assert.True(
            response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest,
            $"Query {query[..Math.Min(40, query.Length)]} answered {response}");
        if (response.Status == HttpStatusCode.OK)
        {
            Assert.True(response.Json!["success"]!.GetValue<bool>());
            Assert.NotNull(response.Data.AsArray());
        }
        else
        {
            Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
            Assert.Equal("query", response.ErrorField());
        }
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Column_filter_syntax_cannot_reach_other_columns_or_users()
    {
        var owner = await host.RegisterAsync();
        await owner.CreateItemAsync("Private", "zeppelinium confidential");
        var other = await host.RegisterAsync();

        foreach (var query in new[] { "zeppelinium", "title:zeppelinium", "content:zeppelinium", "{title content}: zeppelinium", "zeppelin*" })
        {
            var response = await other.Client.PostAsync(Search, new { query });
            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, response.ToString());
            if (response.Status == HttpStatusCode.OK)
            {
                Assert.Empty(response.Data.AsArray());
            }
        }
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task A_501_character_query_is_rejected_and_500_is_accepted()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync(Search, new { query = new string('q', 501) })).ExpectValidation("query");
        (await user.Client.PostAsync(Search, new { query = new string('q', 500) })).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{}""", "query")]
    [InlineData("""{"query": ""}""", "query")]
    [InlineData("""{"query": "   "}""", "query")]
    [InlineData("""{"query": "ok", "page": 0}""", "page")]
    [InlineData("""{"query": "ok", "per_page": 0}""", "per_page")]
    [InlineData("""{"query": "ok", "per_page": 101}""", "per_page")]
    [InlineData("""{"query": "ok", "content_type": "spreadsheet"}""", "content_type")]
    [InlineData("""{"query": "ok", "tags": ["bad;tag"]}""", "tags[0]")]
    [InlineData("""{"query": "ok", "from": "2024-02-01T00:00:00Z", "to": "2024-01-01T00:00:00Z"}""", "from")]
    [InlineData("""{"query": "ok", "from": "not a date"}""", "from")]
    [InlineData("""{"query": 42}""", "query")]
    public async Task Bad_search_requests_are_validation_errors(string body, string field)
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync(Search, body)).ExpectValidation(field);
    }

    private static async Task<JsonNode> SearchAsync(SignedInUser user, object body) =>
        (await user.Client.PostAsync(Search, body)).Expect(HttpStatusCode.OK).Data;

    private static List<string> Ids(JsonNode data) => KmtApi.Ids(data);
}
