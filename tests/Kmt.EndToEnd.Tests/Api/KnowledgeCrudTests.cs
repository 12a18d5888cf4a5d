using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>knowledge: create, read (counting accesses), replace with If-Match, versions, trash and restore.</summary>
[Collection(DevHostCollection.Name)]
public sealed class KnowledgeCrudTests(DevHostFixture host)
{
    [Fact]
    public async Task Create_returns_the_item_with_location_and_etag()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.PostAsync(KmtApi.Knowledge, new
        {
            title = "  Machine Learning Best Practices  ",
            content = "Key principles for successful ML projects",
            content_type = "Article",
            source_url = "https://example.com/ml-best-practices",
            source_type = "web",
            tags = new[] { "Machine Learning", "best-practices", "machine-learning" },
            metadata = new { reading_time_minutes = 15, difficulty_level = "intermediate" },
        })).Expect(HttpStatusCode.Created);

        var item = response.Data;
        var id = item.Str("id");
        Assert.Equal($"/api/v1/knowledge/{id}", response.Header("Location"));
        Assert.Equal(item.Str("etag"), response.Header("ETag"));
        Assert.Equal("Machine Learning Best Practices", item.Str("title"));
        Assert.Equal("article", item.Str("content_type"));
        Assert.Equal("https://example.com/ml-best-practices", item.Str("source_url"));
        Assert.Equal("web", item.Str("source_type"));
        Assert.Equal(["machine-learning", "best-practices"], item.Strings("tags"));
        Assert.Equal(15, item["metadata"]!.Int("reading_time_minutes"));
        Assert.Equal(1, item.Int("version"));
        Assert.Equal(0, item.Int("access_count"));
        Assert.Equal(6, item.Int("word_count"));
        Assert.False(item["is_archived"]!.GetValue<bool>());
        Assert.Null(item["deleted_at"]);
        Assert.Equal(item.Str("created_at"), item.Str("updated_at"));

        // Tags named on an item exist as tags.
        var tags = (await user.Client.GetAsync(KmtApi.Tags)).Expect(HttpStatusCode.OK).Data.AsArray().Select(t => t!.Str("name")).ToList();
        Assert.Equal(["best-practices", "machine-learning"], tags);
    }

    [Fact]
    public async Task Get_counts_an_access_without_changing_the_etag()
    {
        var user = await host.RegisterAsync();
        var created = await user.CreateItemAsync("Counted", "read me");
        var id = created.Str("id");

        var first = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
        var second = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);

        Assert.Equal(1, first.Data.Int("access_count"));
        Assert.Equal(2, second.Data.Int("access_count"));
        Assert.True(DateTimeOffset.Parse(first.Data.Str("accessed_at")) >= DateTimeOffset.Parse(created.Str("accessed_at")));
        Assert.True(DateTimeOffset.Parse(second.Data.Str("accessed_at")) > DateTimeOffset.Parse(created.Str("accessed_at")));
        Assert.Equal(created.Str("etag"), first.Header("ETag"));
        Assert.Equal(created.Str("etag"), second.Header("ETag"));
        Assert.Equal(created.Str("etag"), second.Data.Str("etag"));
        Assert.Equal(created.Str("updated_at"), second.Data.Str("updated_at"));
    }

    [Fact]
    public async Task Get_of_an_unknown_or_malformed_id_is_404()
    {
        var user = await host.RegisterAsync();
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/not-a-uuid")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Put_with_if_match_replaces_the_item_and_keeps_the_previous_content_as_a_version()
    {
        var user = await host.RegisterAsync();
        var created = await user.CreateItemAsync(new { title = "Draft", content = "first words", tags = new[] { "drafts" }, metadata = new { v = 1 } });
        var id = created.Str("id");

        var put = (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Final", content = "second words here", content_type = "note" }, KmtApi.IfMatch(created.Str("etag"))))
            .Expect(HttpStatusCode.OK);
        var newEtag = put.Header("ETag");
        Assert.NotNull(newEtag);
        Assert.NotEqual(created.Str("etag"), newEtag);
        Assert.Equal(newEtag, put.Data.Str("etag"));
        Assert.Equal("Final", put.Data.Str("title"));
        Assert.Equal("note", put.Data.Str("content_type"));
        Assert.Empty(put.Data.Strings("tags")); // PUT replaces: omitted fields take their defaults
        Assert.Equal("{}", put.Data["metadata"]!.ToJsonString());
        Assert.Equal(2, put.Data.Int("version"));
        Assert.Equal(3, put.Data.Int("word_count"));
        Assert.Equal(created.Str("created_at"), put.Data.Str("created_at"));

        var versions = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions")).Expect(HttpStatusCode.OK).Data.AsArray();
        var version = Assert.Single(versions)!;
        Assert.Equal(1, version.Int("version"));
        Assert.Equal("Draft", version.Str("title"));
        Assert.Equal("first words", version.Str("content"));
        Assert.Equal(["drafts"], version.Strings("tags"));
        Assert.Equal(1, version["metadata"]!.Int("v"));

        var get = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Final", get.Data.Str("title"));
        Assert.Equal(newEtag, get.Header("ETag"));

        // A second replace adds a second version.
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Third" }, KmtApi.IfMatch(newEtag!))).Expect(HttpStatusCode.OK);
        var all = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(new[] { 1, 2 }, all.Select(v => v!.Int("version")).Order());
    }

    [Fact]
    public async Task Put_without_if_match_is_400_and_with_a_stale_one_412()
    {
        var user = await host.RegisterAsync();
        var created = await user.CreateItemAsync("Original", "body");
        var id = created.Str("id");

        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "No precondition" })).ExpectValidation("If-Match");

        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Fresh" }, KmtApi.IfMatch(created.Str("etag")))).Expect(HttpStatusCode.OK);
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Stale" }, KmtApi.IfMatch(created.Str("etag"))))
            .ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");

        var item = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Data;
        Assert.Equal("Fresh", item.Str("title"));
        Assert.Equal(2, item.Int("version"));
        Assert.Single((await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions")).Data.AsArray());
    }

    [Fact]
    public async Task An_etag_read_by_get_is_still_good_for_put_after_other_gets()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Read twice", "body")).Str("id");
        var etag = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Header("ETag")!;
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Edited" }, KmtApi.IfMatch(etag))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Put_to_an_unknown_id_is_404()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{Guid.NewGuid()}", new { title = "x" }, KmtApi.IfMatch("\"abc\"")))
            .ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_moves_to_the_trash_and_restore_brings_it_back()
    {
        var user = await host.RegisterAsync();
        var keep = (await user.CreateItemAsync("Keep", "stays")).Str("id");
        var id = (await user.CreateItemAsync("Trash me", "soon gone")).Str("id");

        var deleted = (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(id, deleted.Str("id"));
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.False(deleted["permanent"]!.GetValue<bool>());

        Assert.Equal([keep], await user.ListIdsAsync());
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        var trash = (await user.Client.GetAsync($"{KmtApi.Knowledge}?deleted=true")).Expect(HttpStatusCode.OK);
        var trashed = Assert.Single(trash.Data.AsArray())!;
        Assert.Equal(id, trashed.Str("id"));
        Assert.NotNull(trashed["deleted_at"]);

        // Deleting again is harmless.
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);

        var restored = (await user.Client.PostAsync($"{KmtApi.Knowledge}/{id}/restore", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(id, restored.Data.Str("id"));
        Assert.Null(restored.Data["deleted_at"]);
        Assert.Equal("Trash me", restored.Data.Str("title"));
        Assert.Equal(restored.Data.Str("etag"), restored.Header("ETag"));

        Assert.Equal(new[] { keep, id }.Order(), (await user.ListIdsAsync()).Order());
        Assert.Empty(await user.ListIdsAsync("deleted=true"));
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Permanent_delete_erases_the_item_so_restore_is_404()
    {
        var user = await host.RegisterAsync();
        var created = await user.CreateItemAsync("Erase me", "gone for good");
        var id = created.Str("id");
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = "Erase me v2" }, KmtApi.IfMatch(created.Str("etag")))).Expect(HttpStatusCode.OK);

        var deleted = (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}?permanent=true")).Expect(HttpStatusCode.OK).Data;
        Assert.True(deleted["permanent"]!.GetValue<bool>());

        (await user.Client.PostAsync($"{KmtApi.Knowledge}/{id}/restore", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}?permanent=true")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(await user.ListIdsAsync());
        Assert.Empty(await user.ListIdsAsync("deleted=true"));
        var search = (await user.Client.PostAsync($"{KmtApi.Knowledge}/search", new { query = "erase" })).Expect(HttpStatusCode.OK);
        Assert.Empty(search.Data.AsArray());
    }

    [Fact]
    public async Task Permanent_delete_works_from_the_trash()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Trash then erase")).Str("id");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}?permanent=true")).Expect(HttpStatusCode.OK);
        Assert.Empty(await user.ListIdsAsync("deleted=true"));
        (await user.Client.PostAsync($"{KmtApi.Knowledge}/{id}/restore", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_with_a_bad_permanent_flag_is_a_validation_error()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Flag")).Str("id");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}?permanent=yes")).ExpectValidation("permanent");
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Html_content_is_sanitized()
    {
        var user = await host.RegisterAsync();
        const string html = "<p onclick=\"steal()\">Hello <b>world</b></p><script>alert(1)</script><a href=\"javascript:alert(2)\">x</a>";
        var created = await user.CreateItemAsync(new { title = "Html", content = html, content_type = "html" });

        var stored = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{created.Str("id")}")).Expect(HttpStatusCode.OK).Data.Str("content");
        foreach (var content in new[] { created.Str("content"), stored })
        {
            Assert.DoesNotContain("<script", content, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("alert(1)", content, StringComparison.Ordinal);
            Assert.DoesNotContain("onclick", content, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", content, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<b>world</b>", content, StringComparison.Ordinal);
        }

        Assert.Equal(3, created.Int("word_count")); // Hello, world, x

        // The same on PUT.
        var put = (await user.Client.PutAsync($"{KmtApi.Knowledge}/{created.Str("id")}", new { title = "Html", content = "<img src=x onerror=alert(3)><script>alert(4)</script>ok", content_type = "html" }, KmtApi.IfMatch(created.Str("etag"))))
            .Expect(HttpStatusCode.OK).Data.Str("content");
        Assert.DoesNotContain("onerror", put, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", put, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ok", put, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_html_content_is_stored_exactly_as_sent()
    {
        var user = await host.RegisterAsync();
        const string text = "Use <script>alert(1)</script> in the example & keep it.";
        var created = await user.CreateItemAsync(new { title = "Snippet", content = text, content_type = "markdown" });
        Assert.Equal(text, (await user.Client.GetAsync($"{KmtApi.Knowledge}/{created.Str("id")}")).Data.Str("content"));
    }

    public static TheoryData<string, string> InvalidItems() => new()
    {
        { """{"title": ""}""", "title" },
        { """{"title": "   "}""", "title" },
        { """{"content": "no title"}""", "title" },
        { $$"""{"title": "{{new string('t', 501)}}"}""", "title" },
        { $$"""{"title": "ok", "content": "{{new string('c', 50_001)}}"}""", "content" },
        { """{"title": "ok", "source_url": "ftp://x"}""", "source_url" },
        { """{"title": "ok", "source_url": "not a url"}""", "source_url" },
        { """{"title": "ok", "source_url": "javascript:alert(1)"}""", "source_url" },
        { """{"title": "ok", "content_type": "spreadsheet"}""", "content_type" },
        { $$"""{"title": "ok", "tags": ["fine", "{{new string('g', 51)}}"]}""", "tags[1]" },
        { """{"title": "ok", "tags": ["a//b"]}""", "tags[0]" },
        { """{"title": "ok", "tags": ["semi;colon"]}""", "tags[0]" },
        { """{"title": "ok", "metadata": [1, 2]}""", "metadata" },
        { """{"title": "ok", "metadata": "text"}""", "metadata" },
    };

    [Theory]
    [MemberData(nameof(InvalidItems))]
    public async Task Invalid_items_are_rejected_naming_the_field(string body, string field)
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync(KmtApi.Knowledge, body)).ExpectValidation(field);

        var existing = await user.CreateItemAsync("Existing", "unchanged");
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{existing.Str("id")}", body, KmtApi.IfMatch(existing.Str("etag")))).ExpectValidation(field);

        var after = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{existing.Str("id")}")).Data;
        Assert.Equal("Existing", after.Str("title"));
        Assert.Equal(existing.Str("etag"), after.Str("etag"));
        Assert.Equal([existing.Str("id")], await user.ListIdsAsync());
    }

    [Fact]
    public async Task Limits_are_inclusive_500_char_title_50000_char_content_50_char_tag()
    {
        var user = await host.RegisterAsync();
        var tag = new string('g', 50);
        var item = await user.CreateItemAsync(new { title = new string('t', 500), content = new string('c', 50_000), tags = new[] { tag } });
        Assert.Equal(500, item.Str("title").Length);
        Assert.Equal(50_000, item.Str("content").Length);
        Assert.Equal([tag], item.Strings("tags"));
    }

    [Fact]
    public async Task Lists_carry_a_500_char_preview_and_the_length_and_get_the_whole_content()
    {
        var user = await host.RegisterAsync();
        var content = new string('a', 499) + "\U0001F600" + new string('b', 40_000);
        var created = await user.CreateItemAsync(new { title = "Long", content });

        var listed = Assert.Single((await user.Client.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK).Data.AsArray())!;
        Assert.Null(listed["content"]);
        Assert.Equal(new string('a', 499), listed.Str("content_preview")); // never half a surrogate pair
        Assert.Equal(content.Length, listed["content_length"]!.GetValue<int>());
        Assert.False(listed["content_truncated"]!.GetValue<bool>());
        var read = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{created.Str("id")}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(content, read.Str("content"));
    }

    [Fact]
    public async Task Versions_are_paged()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync(new { title = "v1", content = "one" });
        var id = item.Str("id");
        var etag = item.Str("etag");
        for (var v = 2; v <= 4; v++)
        {
            var put = await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = $"v{v}", content = "x" }, new Dictionary<string, string> { ["If-Match"] = etag });
            etag = put.Expect(HttpStatusCode.OK).Data.Str("etag");
        }

        var page = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions?page=2&per_page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(["v1"], page.Data.AsArray().Select(v => v!.Str("title")));
        Assert.Equal(3, page.Json!["pagination"]!["total"]!.GetValue<int>());
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions?per_page=1000")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.PostAsync(KmtApi.Knowledge, new { title = "", source_url = "ftp://x", content_type = "bogus" })).Expect(HttpStatusCode.BadRequest);
        var fields = response.Json!["error"]!["details"]!["errors"]!.AsArray().Select(e => e!.Str("field")).ToList();
        Assert.Equal(new[] { "content_type", "source_url", "title" }, fields.Order());
    }

    [Fact]
    public async Task Archived_items_round_trip()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync(new { title = "Old", is_archived = true });
        Assert.True(item["is_archived"]!.GetValue<bool>());
        var json = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{item.Str("id")}")).Data;
        Assert.True(json["is_archived"]!.GetValue<bool>());
    }
}
