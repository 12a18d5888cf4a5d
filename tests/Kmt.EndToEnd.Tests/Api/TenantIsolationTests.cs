using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>
/// User B can neither see nor change user A's data through any route, and cannot even tell A's ids
/// from random ones: every answer is the one an unknown id gets.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class TenantIsolationTests(DevHostFixture host)
{
    private sealed record Setup(SignedInUser A, SignedInUser B, JsonNode Item, JsonNode TrashedItem, JsonNode Tag);

    private async Task<Setup> ArrangeAsync()
    {
        var a = await host.RegisterAsync();
        var b = await host.RegisterAsync();
        var item = await a.CreateItemAsync(new { title = "A's secret plans", content = "heliotrope conspiracy details", tags = new[] { "secret/plans" } });
        var put = (await a.Client.PutAsync($"{KmtApi.Knowledge}/{item.Str("id")}", new { title = "A's secret plans", content = "heliotrope conspiracy details v2", tags = new[] { "secret/plans" } }, KmtApi.IfMatch(item.Str("etag"))))
            .Expect(HttpStatusCode.OK).Data;
        var trashed = await a.CreateItemAsync("A's trashed note", "heliotrope leftovers", "secret");
        (await a.Client.DeleteAsync($"{KmtApi.Knowledge}/{trashed.Str("id")}")).Expect(HttpStatusCode.OK);
        var tag = (await a.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Single(t => t!.Str("name") == "secret/plans")!;

        // B has data of its own, including a tag of the same name.
        await b.CreateItemAsync("B's note", "ordinary", "secret/plans");
        return new Setup(a, b, put, trashed, tag);
    }

    public static TheoryData<string> ItemRoutes() => new()
    {
        "GET knowledge/{id}",
        "PUT knowledge/{id}",
        "PUT knowledge/{id} without If-Match",
        "GET knowledge/{id}/versions",
        "DELETE knowledge/{id}",
        "DELETE knowledge/{id}?permanent=true",
        "POST knowledge/{id}/restore",
    };

    [Theory]
    [MemberData(nameof(ItemRoutes))]
    public async Task Another_users_item_id_answers_exactly_like_an_unknown_id(string route)
    {
        var s = await ArrangeAsync();
        var unknown = Guid.NewGuid().ToString();

        foreach (var id in new[] { s.Item.Str("id"), s.TrashedItem.Str("id") })
        {
            var foreign = await SendItemRouteAsync(s.B, route, id, s.Item.Str("etag"));
            var missing = await SendItemRouteAsync(s.B, route, unknown, s.Item.Str("etag"));
            if (route.EndsWith("without If-Match", StringComparison.Ordinal))
            {
                // The missing precondition is reported first, for any id: still no difference between the two.
                foreign.ExpectValidation("If-Match");
            }
            else
            {
                foreign.ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
            }

            Assert.Equal(missing.ErrorWithoutMeta(), foreign.ErrorWithoutMeta());
        }

        await AssertAIntactAsync(s);
    }

    [Fact]
    public async Task Another_users_tag_id_answers_exactly_like_an_unknown_id()
    {
        var s = await ArrangeAsync();
        var id = s.Tag.Str("id");
        var unknown = Guid.NewGuid().ToString();
        var etag = KmtApi.IfMatch(s.Tag.Str("etag"));

        var pairs = new (ApiResponse Foreign, ApiResponse Missing)[]
        {
            (await s.B.Client.GetAsync($"{KmtApi.Tags}/{id}"), await s.B.Client.GetAsync($"{KmtApi.Tags}/{unknown}")),
            (await s.B.Client.PutAsync($"{KmtApi.Tags}/{id}", new { name = "stolen", color = "#000000" }, etag),
                await s.B.Client.PutAsync($"{KmtApi.Tags}/{unknown}", new { name = "stolen", color = "#000000" }, etag)),
            (await s.B.Client.PutAsync($"{KmtApi.Tags}/{id}", new { name = "stolen" }), await s.B.Client.PutAsync($"{KmtApi.Tags}/{unknown}", new { name = "stolen" })),
            (await s.B.Client.DeleteAsync($"{KmtApi.Tags}/{id}"), await s.B.Client.DeleteAsync($"{KmtApi.Tags}/{unknown}")),
        };

        foreach (var (foreign, missing) in pairs)
        {
            foreign.ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
            Assert.Equal(missing.ErrorWithoutMeta(), foreign.ErrorWithoutMeta());
        }

        var tag = (await s.A.Client.GetAsync($"{KmtApi.Tags}/{id}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("secret/plans", tag.Str("name"));
        Assert.Equal(s.Tag.Str("etag"), tag.Str("etag"));
        Assert.Equal(s.Tag.Str("color"), tag.Str("color"));
        await AssertAIntactAsync(s);

        // B's rename attempts did not create a "stolen" tag anywhere.
        Assert.DoesNotContain("stolen", (await s.B.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")));
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Lists_search_tags_and_versions_show_only_the_callers_data()
    {
        var s = await ArrangeAsync();
        var bItems = await s.B.ListIdsAsync();
        var bItem = Assert.Single(bItems);
        Assert.DoesNotContain(s.Item.Str("id"), bItems);
        Assert.Empty(await s.B.ListIdsAsync("deleted=true"));
        Assert.Equal([bItem], await s.B.ListIdsAsync("tag=secret"));
        Assert.Equal(1, (await s.B.Client.GetAsync(KmtApi.Knowledge)).Json!["pagination"]!["total"]!.GetValue<long>());

        foreach (var query in new[] { "heliotrope", "conspiracy", "helio*", "\"secret plans\"", "plans" })
        {
            var hits = (await s.B.Client.PostAsync($"{KmtApi.Knowledge}/search", new { query })).Expect(HttpStatusCode.OK);
            Assert.DoesNotContain("heliotrope", hits.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(s.Item.Str("id"), hits.Text, StringComparison.Ordinal);
        }

        var tags = (await s.B.Client.GetAsync(KmtApi.Tags)).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.DoesNotContain(s.Tag.Str("id"), tags.Select(t => t!.Str("id")));
        Assert.Equal(1, tags.Single(t => t!.Str("name") == "secret/plans")!.Int("item_count"));

        var versions = (await s.B.Client.GetAsync($"{KmtApi.Knowledge}/{bItem}/versions")).Expect(HttpStatusCode.OK);
        Assert.Empty(versions.Data.AsArray());

        // And A still sees A's.
        Assert.Equal([s.Item.Str("id")], await s.A.ListIdsAsync());
        Assert.Single((await s.A.Client.GetAsync($"{KmtApi.Knowledge}/{s.Item.Str("id")}/versions")).Data.AsArray());
    }

    [Fact]
    public async Task Tracking_a_reading_of_another_users_item_fails_like_an_unknown_id()
    {
        var s = await ArrangeAsync();
        var now = DateTimeOffset.UtcNow;
        var foreign = await s.B.Client.PostAsync(KmtApi.Track, new { events = new[] { ActivityTrackingTests.Reading("reading_started", s.Item.Str("id"), now) } });
        var missing = await s.B.Client.PostAsync(KmtApi.Track, new { events = new[] { ActivityTrackingTests.Reading("reading_started", Guid.NewGuid().ToString(), now) } });

        foreign.ExpectValidation("events[0].entity_id");
        Assert.Equal(missing.ErrorWithoutMeta(), foreign.ErrorWithoutMeta());
        Assert.DoesNotContain("heliotrope", foreign.Text, StringComparison.OrdinalIgnoreCase);

        // The same event id as one of A's events is B's own event.
        var eventId = Guid.NewGuid().ToString();
        var aStart = (await s.A.Client.PostAsync(KmtApi.Track, new { events = new[] { ActivityTrackingTests.Reading("reading_started", s.Item.Str("id"), now, eventId: eventId) } }))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, aStart.Int("accepted"));
        var bSame = (await s.B.Client.PostAsync(KmtApi.Track, new { events = new[] { new { id = eventId, activity_type = "app_opened" } } })).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, bSame.Int("accepted"));
        Assert.Equal(0, bSame.Int("duplicates"));
    }

    [Fact]
    public async Task Another_users_reading_session_id_is_not_usable()
    {
        var s = await ArrangeAsync();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var aSession = Assert.Single((await s.A.Client.PostAsync(KmtApi.Track, new { events = new[] { ActivityTrackingTests.Reading("reading_started", s.Item.Str("id"), now) } }))
            .Expect(HttpStatusCode.OK).Data["reading_sessions"]!.AsArray())!;

        var bItem = (await s.B.ListIdsAsync()).Single();
        var finish = new JsonObject
        {
            ["activity_type"] = "reading_finished",
            ["entity_id"] = bItem,
            ["occurred_at"] = now.AddSeconds(60).ToString("O"),
            ["metadata"] = new JsonObject { ["session_id"] = aSession.Str("id") },
        };
        var response = (await s.B.Client.PostAsync(KmtApi.Track, new { events = new[] { finish } })).Expect(HttpStatusCode.OK).Data;
        var session = Assert.Single(response["reading_sessions"]!.AsArray())!;
        Assert.Equal(bItem, session.Str("knowledge_item_id"));

        // A's session is still open: A finishing it now works on it.
        var aFinish = (await s.A.Client.PostAsync(KmtApi.Track, new { events = new[] { ActivityTrackingTests.Reading("reading_finished", s.Item.Str("id"), now.AddSeconds(90)) } }))
            .Expect(HttpStatusCode.OK).Data;
        Assert.Equal(aSession.Str("id"), Assert.Single(aFinish["reading_sessions"]!.AsArray())!.Str("id"));
    }

    [Fact]
    public async Task A_users_token_does_not_reach_another_users_profile_or_preferences()
    {
        var s = await ArrangeAsync();
        (await s.A.Client.PutAsync("api/v1/users/preferences", new { secret = "a-only" })).Expect(HttpStatusCode.OK);
        var profile = (await s.B.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(s.B.Id, profile.Str("id"));
        Assert.Equal("{}", (await s.B.Client.GetAsync("api/v1/users/preferences")).Data.ToJsonString());

        // B deleting B's account leaves A untouched.
        (await s.B.Client.DeleteAsync("api/v1/users/account", new { password = s.B.Password })).Expect(HttpStatusCode.OK);
        await AssertAIntactAsync(s);
        Assert.Equal("a-only", (await s.A.Client.GetAsync("api/v1/users/preferences")).Data.Str("secret"));
        (await host.LoginAsync(s.A.Email, s.A.Password)).Expect(HttpStatusCode.OK);
    }

    private static async Task<ApiResponse> SendItemRouteAsync(SignedInUser user, string route, string id, string etag)
    {
        var body = new { title = "Overwritten by B", content = "pwned" };
        return route switch
        {
            "GET knowledge/{id}" => await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}"),
            "PUT knowledge/{id}" => await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", body, KmtApi.IfMatch(etag)),
            "PUT knowledge/{id} without If-Match" => await user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", body),
            "GET knowledge/{id}/versions" => await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions"),
            "DELETE knowledge/{id}" => await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}"),
            "DELETE knowledge/{id}?permanent=true" => await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}?permanent=true"),
            "POST knowledge/{id}/restore" => await user.Client.PostAsync($"{KmtApi.Knowledge}/{id}/restore", null),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
        };
    }

    /// <summary>A's live item, its version, its trashed item and its tag are exactly as A left them.</summary>
    private static async Task AssertAIntactAsync(Setup s)
    {
        var trash = (await s.A.Client.GetAsync($"{KmtApi.Knowledge}?deleted=true")).Expect(HttpStatusCode.OK).Data.AsArray();
        var trashed = Assert.Single(trash)!;
        Assert.Equal(s.TrashedItem.Str("id"), trashed.Str("id"));
        Assert.NotNull(trashed["deleted_at"]);
        Assert.Equal("heliotrope leftovers", trashed.Str("content_preview"));

        var item = (await s.A.Client.GetAsync($"{KmtApi.Knowledge}/{s.Item.Str("id")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(s.Item.Str("etag"), item.Header("ETag"));
        Assert.Equal(s.Item.Str("etag"), item.Data.Str("etag"));
        Assert.Equal("A's secret plans", item.Data.Str("title"));
        Assert.Equal("heliotrope conspiracy details v2", item.Data.Str("content"));
        Assert.Equal(s.Item.Str("updated_at"), item.Data.Str("updated_at"));
        Assert.Equal(2, item.Data.Int("version"));
        Assert.Null(item.Data["deleted_at"]);
        Assert.Equal(["secret/plans"], item.Data.Strings("tags"));

        var versions = (await s.A.Client.GetAsync($"{KmtApi.Knowledge}/{s.Item.Str("id")}/versions")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal("heliotrope conspiracy details", Assert.Single(versions)!.Str("content"));
    }
}
