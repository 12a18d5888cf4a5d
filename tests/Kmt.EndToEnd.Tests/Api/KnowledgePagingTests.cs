using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>GET knowledge: filters, sorting, offset paging and cursor walks that stay stable while items are added.</summary>
[Collection(DevHostCollection.Name)]
public sealed class KnowledgePagingTests(DevHostFixture host)
{
    [Theory]
    [InlineData("desc")]
    [InlineData("asc")]
    public async Task A_cursor_walk_returns_each_original_item_once_while_items_are_added(string order)
    {
        var user = await host.RegisterAsync();
        var original = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            original.Add((await user.CreateItemAsync($"Item {i}")).Str("id"));
        }

        var seen = new List<string>();
        var pages = 0;
        var response = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=7&order={order}")).Expect(HttpStatusCode.OK);
        while (true)
        {
            pages++;
            var pageIds = KmtApi.Ids(response.Data);
            Assert.InRange(pageIds.Count, 1, 7);
            seen.AddRange(pageIds);
            Assert.Equal(7, response.Json!["pagination"]!.Int("per_page"));
            Assert.Equal(pages, response.Json["pagination"]!.Int("page"));

            // Someone keeps capturing while the client walks.
            await user.CreateItemAsync($"Added during the walk {pages}a");
            await user.CreateItemAsync($"Added during the walk {pages}b");

            var next = response.Json["pagination"]!["next_cursor"]?.GetValue<string>();
            if (next is null)
            {
                break;
            }

            Assert.True(pages < 10, "The walk does not end.");
            response = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=7&order={order}&cursor={Uri.EscapeDataString(next)}")).Expect(HttpStatusCode.OK);
        }

        Assert.Equal(4, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(original.Order(), seen.Order());

        // Items are created in order, so created_at order is creation order.
        Assert.Equal(order == "asc" ? original : Enumerable.Reverse(original).ToList(), seen);
    }

    [Fact]
    public async Task A_cursor_walk_over_a_filtered_list_sees_only_matching_items()
    {
        var user = await host.RegisterAsync();
        var tagged = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            tagged.Add((await user.CreateItemAsync($"Physics {i}", "", "science/physics")).Str("id"));
            await user.CreateItemAsync($"Other {i}", "", "cooking");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"{KmtApi.Knowledge}?tag=science&per_page=4" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var response = (await user.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
            seen.AddRange(KmtApi.Ids(response.Data));
            cursor = response.Json!["pagination"]!["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(tagged.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_cursor_cannot_be_used_with_other_filters()
    {
        var user = await host.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.CreateItemAsync($"Item {i}", "", "t");
        }

        var first = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=2")).Expect(HttpStatusCode.OK);
        var cursor = first.Json!["pagination"]!["next_cursor"]!.GetValue<string>();
        (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=2&tag=t&cursor={Uri.EscapeDataString(cursor)}")).ExpectValidation("cursor");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJzIjoiY3JlYXRlZF9hdCJ9")] // base64 of {"s":"created_at"}
    [InlineData("%00%01%02")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_garbled_cursor_is_a_validation_error(string cursor)
    {
        var user = await host.RegisterAsync();
        await user.CreateItemAsync("One");
        (await user.Client.GetAsync($"{KmtApi.Knowledge}?cursor={cursor}")).ExpectValidation("cursor");
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_validation_error()
    {
        var user = await host.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.CreateItemAsync($"Item {i}");
        }

        var cursor = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=1")).Json!["pagination"]!["next_cursor"]!.GetValue<string>();
        var middle = cursor.Length / 2;
        var tampered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];
        var response = await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=1&cursor={Uri.EscapeDataString(tampered)}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        if (response.Status != HttpStatusCode.OK)
        {
            response.ExpectValidation("cursor");
        }
    }

    [Fact]
    public async Task Page_number_paging_reports_totals()
    {
        var user = await host.RegisterAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await user.CreateItemAsync($"Item {i:00}")).Str("id"));
        }

        var all = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var response = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=5&page={page}&order=asc")).Expect(HttpStatusCode.OK);
            var pagination = response.Json!["pagination"]!;
            Assert.Equal(page, pagination.Int("page"));
            Assert.Equal(5, pagination.Int("per_page"));
            Assert.Equal(12, pagination["total"]!.GetValue<long>());
            Assert.Equal(3, pagination.Int("total_pages"));
            all.AddRange(KmtApi.Ids(response.Data));
        }

        Assert.Equal(ids, all);
        var beyond = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=5&page=4")).Expect(HttpStatusCode.OK);
        Assert.Empty(beyond.Data.AsArray());
        Assert.Equal(12, beyond.Json!["pagination"]!["total"]!.GetValue<long>());
        Assert.Null(beyond.Json["pagination"]!["next_cursor"]);

        var defaults = (await user.Client.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK).Json!["pagination"]!;
        Assert.Equal(20, defaults.Int("per_page"));
        Assert.Equal(1, defaults.Int("page"));
        Assert.Equal(1, defaults.Int("total_pages"));
    }

    [Fact]
    public async Task An_empty_list_has_zero_totals()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK);
        Assert.Empty(response.Data.AsArray());
        Assert.Equal(0, response.Json!["pagination"]!["total"]!.GetValue<long>());
        Assert.Equal(0, response.Json["pagination"]!.Int("total_pages"));
    }

    [Theory]
    [InlineData("sort=title", "sort")]
    [InlineData("sort=created_at;drop", "sort")]
    [InlineData("order=up", "order")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=101", "per_page")]
    [InlineData("per_page=-1", "per_page")]
    [InlineData("per_page=ten", "per_page")]
    [InlineData("page=0", "page")]
    [InlineData("page=-3", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("archived=maybe", "archived")]
    [InlineData("deleted=1", "deleted")]
    [InlineData("content_type=spreadsheet", "content_type")]
    [InlineData("updated_since=yesterday", "updated_since")]
    [InlineData("tag=a%2F%2Fb", "tag")]
    public async Task Bad_list_parameters_are_validation_errors(string query, string field)
    {
        var user = await host.RegisterAsync();
        (await user.Client.GetAsync($"{KmtApi.Knowledge}?{query}")).ExpectValidation(field);
    }

    [Fact]
    public async Task Per_page_100_is_allowed()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(100, response.Json!["pagination"]!.Int("per_page"));
    }

    [Fact]
    public async Task Tag_filter_includes_descendants_but_not_lookalikes()
    {
        var user = await host.RegisterAsync();
        var science = (await user.CreateItemAsync("Science", "", "science")).Str("id");
        var physics = (await user.CreateItemAsync("Physics", "", "science/physics")).Str("id");
        var quantum = (await user.CreateItemAsync("Quantum", "", "science/physics/quantum")).Str("id");
        await user.CreateItemAsync("Fiction", "", "science-fiction");
        await user.CreateItemAsync("Sciences", "", "sciences");
        await user.CreateItemAsync("Popular", "", "popular/science");
        await user.CreateItemAsync("Untagged");

        Assert.Equal(new[] { science, physics, quantum }.Order(), (await user.ListIdsAsync("tag=science")).Order());
        Assert.Equal(new[] { physics, quantum }.Order(), (await user.ListIdsAsync("tag=science/physics")).Order());
        Assert.Equal(new[] { physics, quantum }.Order(), (await user.ListIdsAsync("tag=Science%20/%20Physics")).Order());
        Assert.Equal([quantum], await user.ListIdsAsync("tag=science/physics/quantum"));
        Assert.Empty(await user.ListIdsAsync("tag=scien"));
        Assert.Equal(7, (await user.ListIdsAsync()).Count);
    }

    [Fact]
    public async Task Tag_filter_treats_like_wildcards_literally()
    {
        var user = await host.RegisterAsync();
        var underscore = (await user.CreateItemAsync("Under", "", "a_b")).Str("id");
        await user.CreateItemAsync("Other", "", "axb");
        Assert.Equal([underscore], await user.ListIdsAsync("tag=a_b"));
    }

    [Fact]
    public async Task Content_type_archived_and_updated_since_filters()
    {
        var user = await host.RegisterAsync();
        var note = (await user.CreateItemAsync(new { title = "Note", content_type = "note" })).Str("id");
        var archived = (await user.CreateItemAsync(new { title = "Archived", content_type = "article", is_archived = true })).Str("id");
        var article = await user.CreateItemAsync(new { title = "Article", content_type = "article" });

        Assert.Equal([note], await user.ListIdsAsync("content_type=note"));
        Assert.Equal(new[] { archived, article.Str("id") }.Order(), (await user.ListIdsAsync("content_type=ARTICLE")).Order());
        Assert.Equal([archived], await user.ListIdsAsync("archived=true"));
        Assert.Equal(new[] { note, article.Str("id") }.Order(), (await user.ListIdsAsync("archived=false")).Order());
        Assert.Equal(3, (await user.ListIdsAsync()).Count);

        // Touch the note after the article was created: only it is "updated since".
        var since = article.Str("updated_at");
        var noteItem = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{note}")).Data;
        await WaitUntilClockPassesAsync(user, DateTimeOffset.Parse(since));
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{note}", new { title = "Note v2", content_type = "note" }, KmtApi.IfMatch(noteItem.Str("etag")))).Expect(HttpStatusCode.OK);

        var updated = await user.ListIdsAsync($"updated_since={Uri.EscapeDataString(since)}");
        Assert.Contains(note, updated);
        Assert.DoesNotContain(archived, updated);
        Assert.Empty(await user.ListIdsAsync($"updated_since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}"));
        Assert.Equal(3, (await user.ListIdsAsync("updated_since=2000-01-01T00:00:00Z")).Count);

        // A trashed item shows up as updated (so syncing clients learn of it) only in the trash listing.
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{archived}")).Expect(HttpStatusCode.OK);
        Assert.Equal([archived], await user.ListIdsAsync($"deleted=true&updated_since={Uri.EscapeDataString(since)}"));
    }

    [Fact]
    public async Task Sorting_by_each_field_in_both_orders()
    {
        var user = await host.RegisterAsync();
        var a = (await user.CreateItemAsync("A")).Str("id");
        var b = await user.CreateItemAsync("B");
        var c = (await user.CreateItemAsync("C")).Str("id");

        Assert.Equal([c, b.Str("id"), a], await user.ListIdsAsync());
        Assert.Equal([c, b.Str("id"), a], await user.ListIdsAsync("sort=created_at&order=desc"));
        Assert.Equal([a, b.Str("id"), c], await user.ListIdsAsync("sort=created_at&order=asc"));

        // Reading a makes it the most recently accessed; replacing b makes it the most recently updated.
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{a}")).Expect(HttpStatusCode.OK);
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{b.Str("id")}", new { title = "B2" }, KmtApi.IfMatch(b.Str("etag")))).Expect(HttpStatusCode.OK);

        Assert.Equal(a, (await user.ListIdsAsync("sort=accessed_at&order=desc"))[0]);
        Assert.Equal(a, (await user.ListIdsAsync("sort=accessed_at"))[0]);
        Assert.NotEqual(a, (await user.ListIdsAsync("sort=accessed_at&order=asc"))[0]);
        Assert.Equal(b.Str("id"), (await user.ListIdsAsync("sort=updated_at&order=desc"))[0]);
        Assert.Equal(b.Str("id"), (await user.ListIdsAsync("sort=updated_at&order=asc"))[^1]);

        // importance_score is 0 for all: the id breaks the tie, in the requested direction.
        var byImportanceDesc = await user.ListIdsAsync("sort=importance_score&order=desc");
        var byImportanceAsc = await user.ListIdsAsync("sort=importance_score&order=asc");
        Assert.Equal(3, byImportanceDesc.Count);
        Assert.Equal(byImportanceAsc, Enumerable.Reverse(byImportanceDesc).ToList());
        Assert.Equal(new[] { a, b.Str("id"), c }.Order(), byImportanceAsc.Order());
    }

    [Fact]
    public async Task A_cursor_walk_sorted_by_updated_at_is_complete()
    {
        var user = await host.RegisterAsync();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add((await user.CreateItemAsync($"U{i}")).Str("id"));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"{KmtApi.Knowledge}?sort=updated_at&order=asc&per_page=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var response = (await user.Client.GetAsync(url)).Expect(HttpStatusCode.OK);
            seen.AddRange(KmtApi.Ids(response.Data));
            cursor = response.Json!["pagination"]!["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(ids, seen);
    }

    /// <summary>Makes sure the server's clock has moved past <paramref name="instant"/> (a tick or two at most).</summary>
    private static async Task WaitUntilClockPassesAsync(SignedInUser user, DateTimeOffset instant)
    {
        for (var i = 0; i < 100; i++)
        {
            var meta = (await user.Client.GetAsync("api/v1/users/preferences")).Json!["meta"]!;
            if (DateTimeOffset.Parse(meta.Str("timestamp")) > instant)
            {
                return;
            }
        }

        Assert.Fail("The server clock did not move.");
    }
}
