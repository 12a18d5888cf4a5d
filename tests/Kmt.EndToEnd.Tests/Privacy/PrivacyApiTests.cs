using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Privacy;

/// <summary>users/consents, users/audit and users/export over HTTP, with tenant isolation.</summary>
[Collection(DevHostCollection.Name)]
public sealed class PrivacyApiTests(DevHostFixture host)
{
    private const string Consents = "api/v1/users/consents";
    private const string Audit = "api/v1/users/audit";
    private const string Export = "api/v1/users/export";

    private static object Track(string id) => new { events = new[] { new { id, activity_type = "page_view" } } };

    [Fact]
    public async Task Withdrawn_tracking_consent_refuses_track_events_with_403_and_granting_again_lets_them_in()
    {
        var user = await host.RegisterAsync();
        var initial = (await user.Client.GetAsync(Consents)).Expect(HttpStatusCode.OK);
        Assert.True(initial.Data["purposes"]!["activity_tracking"]!["granted"]!.GetValue<bool>());
        Assert.False(initial.Data["purposes"]!["personalised_insights"]!["granted"]!.GetValue<bool>());
        Assert.False(initial.Data["purposes"]!["notifications"]!["granted"]!.GetValue<bool>());

        var withdrawn = (await user.Client.PutAsync(Consents, new { activity_tracking = false, personalised_insights = false, notifications = false }, KmtApi.IfMatch(initial.Header("ETag")!)))
            .Expect(HttpStatusCode.OK);
        Assert.NotNull(withdrawn.Data["purposes"]!["activity_tracking"]!["withdrawn_at"]);
        Assert.NotEqual(initial.Header("ETag"), withdrawn.Header("ETag"));

        (await user.Client.PostAsync("api/v1/analytics/track", Track(Guid.NewGuid().ToString()))).ExpectError(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");

        (await user.Client.PutAsync(Consents, new { activity_tracking = true, personalised_insights = false, notifications = false })).Expect(HttpStatusCode.OK);
        var accepted = (await user.Client.PostAsync("api/v1/analytics/track", Track(Guid.NewGuid().ToString()))).Expect(HttpStatusCode.OK);
        Assert.Equal(1, accepted.Data["accepted"]!.GetValue<int>());

        (await user.Client.PutAsync(Consents, new { activity_tracking = true })).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        (await user.Client.PutAsync(Consents, new { activity_tracking = true, personalised_insights = false, notifications = false }, KmtApi.IfMatch("\"stale\"")))
            .ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task The_audit_log_holds_sign_ins_failures_and_consent_changes_with_ip_and_user_agent_and_only_the_callers()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        (await host.LoginAsync(user.Email, "wrong password!")).Expect(HttpStatusCode.Unauthorized);
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK);
        (await user.Client.PutAsync(Consents, new { activity_tracking = false, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);

        var page = (await user.Client.GetAsync(Audit + "?per_page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, page.Data.AsArray().Count);
        Assert.True(page.Json!["pagination"]!["total"]!.GetValue<long>() >= 4);
        Assert.Equal("privacy.consent_changed", page.Data[0]!["event_type"]!.GetValue<string>());
        Assert.NotNull(page.Data[0]!["ip_address"]);

        var all = (await user.Client.GetAsync(Audit + "?per_page=100")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Contains(all, e => e!["event_type"]!.GetValue<string>() == "auth.sign_in" && e["outcome"]!.GetValue<string>() == "failure");
        Assert.Contains(all, e => e!["event_type"]!.GetValue<string>() == "auth.sign_in" && e["outcome"]!.GetValue<string>() == "success");
        Assert.Contains(all, e => e!["event_type"]!.GetValue<string>() == "account.registered");

        var next = page.Json!["pagination"]!["next_cursor"]!.GetValue<string>();
        var second = (await user.Client.GetAsync(Audit + "?per_page=2&cursor=" + Uri.EscapeDataString(next))).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(all[2]!["id"]!.GetValue<string>(), second[0]!["id"]!.GetValue<string>());
        (await user.Client.GetAsync(Audit + "?cursor=garbage")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var theirs = (await other.Client.GetAsync(Audit + "?per_page=100")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.DoesNotContain(theirs, e => e!["event_type"]!.GetValue<string>() == "privacy.consent_changed");
    }

    [Fact]
    public async Task An_export_runs_in_the_background_and_its_zip_holds_every_record_and_only_the_owner_sees_it()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var item = (await user.Client.PostAsync("api/v1/knowledge", new { title = "Export me", content = "first text", tags = new[] { "privacy" } })).Expect(HttpStatusCode.Created);
        var itemId = item.Data["id"]!.GetValue<string>();
        (await user.Client.PutAsync($"api/v1/knowledge/{itemId}", new { title = "Export me", content = "second text" }, KmtApi.IfMatch(item.Header("ETag")!))).Expect(HttpStatusCode.OK);
        (await user.Client.PostAsync("api/v1/analytics/track", Track(Guid.NewGuid().ToString()))).Expect(HttpStatusCode.OK);
        var linked = (await user.Client.PostAsync("api/v1/knowledge", new { title = "Linked note", content = "third text" })).Expect(HttpStatusCode.Created).Data["id"]!.GetValue<string>();
        (await user.Client.PostAsync($"api/v1/knowledge/{itemId}/relationships", new { target_id = linked, relationship_type = "supports", strength = 0.7 })).Expect(HttpStatusCode.Created);
        (await user.Client.PutAsync("api/v1/notifications/preferences", new { time_zone = "Europe/Berlin", digest_frequency = "weekly" })).Expect(HttpStatusCode.OK);

        var accepted = (await user.Client.PostAsync(Export, null)).Expect(HttpStatusCode.Accepted);
        var statusUrl = accepted.Data["status_url"]!.GetValue<string>();
        var exportId = accepted.Data["export_id"]!.GetValue<string>();
        Assert.Equal(statusUrl, accepted.Header("Location"));

        (await other.Client.GetAsync(statusUrl.TrimStart('/'))).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.GetAsync(statusUrl.TrimStart('/') + "/download")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        var status = await WaitForExportAsync(user.Client, statusUrl);
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.True(status["size_bytes"]!.GetValue<long>() > 0);
        Assert.Equal(2, status["item_count"]!.GetValue<int>());

        using var request = new HttpRequestMessage(HttpMethod.Get, status["download_url"]!.GetValue<string>().TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Client.AccessToken);
        using var response = await user.Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[] { "README.md", "profile.json", "preferences.json", "consents.json", "tags.json", $"items/{itemId}.json", "activities.json", "reading_sessions.json", "uploads.json", "audit_log.json", "insights.json", "insight_feedback.json", "notifications.json", "notification_preferences.json", "push_subscriptions.json" })
        {
            Assert.Contains(expected, names);
        }

        var itemJson = JsonNode.Parse(new StreamReader(zip.GetEntry($"items/{itemId}.json")!.Open()).ReadToEnd())!;
        Assert.Equal("second text", itemJson["item"]!["content"]!.GetValue<string>());
        Assert.Equal("first text", itemJson["versions"]![0]!["content"]!.GetValue<string>());
        var relationship = itemJson["relationships"]!.AsArray().Single()!;
        Assert.Equal(linked, relationship["target_id"]!.GetValue<string>());
        Assert.Equal("supports", relationship["relationship_type"]!.GetValue<string>());
        var preferences = JsonNode.Parse(new StreamReader(zip.GetEntry("notification_preferences.json")!.Open()).ReadToEnd())!;
        Assert.Equal("Europe/Berlin", preferences["time_zone"]!.GetValue<string>());
        var profile = new StreamReader(zip.GetEntry("profile.json")!.Open()).ReadToEnd();
        Assert.Contains(user.Email, profile, StringComparison.Ordinal);
        Assert.DoesNotContain("password", profile, StringComparison.OrdinalIgnoreCase);
        Assert.Single(JsonNode.Parse(new StreamReader(zip.GetEntry("activities.json")!.Open()).ReadToEnd())!.AsArray());
        Assert.DoesNotContain(other.Email, string.Join("", zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd())), StringComparison.Ordinal);

        (await user.Client.GetAsync($"api/v1/users/export/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync("api/v1/users/export/not-an-id")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotNull(exportId);
    }

    private static Task<JsonNode> WaitForExportAsync(KmtClient client, string statusUrl) =>
        client.WaitForStatusAsync(statusUrl, TimeSpan.FromSeconds(60), "queued", "running");
}
