using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Notifications;

/// <summary>
/// Notifications end to end on the DevHost: a refresh run's notify step fills the feed (with the
/// notifications consent, once per insight), read marks, preferences and push subscriptions with their 400s and 404s.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class NotificationApiTests(DevHostFixture host)
{
    private const string Feed = "api/v1/notifications";

    [Fact]
    public async Task A_refresh_run_notifies_once_per_insight_with_the_consent_and_the_owner_can_mark_it_read()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var ids = new List<string>();
        foreach (var title in new[] { "often read", "read once", "never read" })
        {
            var created = (await user.Client.PostAsync("api/v1/knowledge", new { title, content = $"{title} content", content_type = "note" })).Expect(HttpStatusCode.Created);
            ids.Add(created.Data["id"]!.GetValue<string>());
        }

        foreach (var opened in new[] { ids[0], ids[0], ids[0], ids[1] })
        {
            (await user.Client.GetAsync($"api/v1/knowledge/{opened}")).Expect(HttpStatusCode.OK);
        }

        // Without the notifications consent a run notifies nobody.
        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);
        await RefreshAsync(user.Client);
        Assert.Empty((await user.Client.GetAsync(Feed)).Expect(HttpStatusCode.OK).Data.AsArray());

        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = true })).Expect(HttpStatusCode.OK);
        await RefreshAsync(user.Client);
        await RefreshAsync(user.Client); // the same insight again: not a second notification

        var feed = (await user.Client.GetAsync(Feed)).Expect(HttpStatusCode.OK);
        var notification = Assert.Single(feed.Data.AsArray())!;
        Assert.Equal(1, feed.Json!["pagination"]!["total"]!.GetValue<long>());
        Assert.Equal("importance", notification["kind"]!.GetValue<string>());
        Assert.Equal("Worth revisiting: often read", notification["title"]!.GetValue<string>());
        Assert.StartsWith("Opened 3 times", notification["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"/api/v1/knowledge/{ids[0]}", notification["link"]!.GetValue<string>());
        Assert.False(notification["read"]!.GetValue<bool>());
        var id = notification["id"]!.GetValue<string>();

        var notYours = (await other.Client.PostAsync($"{Feed}/{id}/read", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        var notThere = (await user.Client.PostAsync($"{Feed}/{Guid.NewGuid()}/read", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(notThere.ErrorWithoutMeta(), notYours.ErrorWithoutMeta());
        Assert.Empty((await other.Client.GetAsync(Feed)).Expect(HttpStatusCode.OK).Data.AsArray());
        Assert.Single((await user.Client.GetAsync($"{Feed}?unread=true")).Expect(HttpStatusCode.OK).Data.AsArray());

        var read = (await user.Client.PostAsync($"{Feed}/{id}/read", null)).Expect(HttpStatusCode.OK).Data;
        Assert.True(read["read"]!.GetValue<bool>());
        Assert.NotNull(read["read_at"]);
        Assert.Empty((await user.Client.GetAsync($"{Feed}?unread=true")).Expect(HttpStatusCode.OK).Data.AsArray());
        Assert.Equal(0, (await user.Client.PostAsync($"{Feed}/read-all", null)).Expect(HttpStatusCode.OK).Data["marked"]!.GetValue<int>());

        (await user.Client.GetAsync($"{Feed}?unread=maybe")).ExpectValidation("unread");
        (await user.Client.GetAsync($"{Feed}?per_page=0")).ExpectValidation("per_page");
    }

    [Fact]
    public async Task Preferences_start_at_the_defaults_validate_every_field_and_honour_if_match()
    {
        var user = await host.RegisterAsync();
        const string Preferences = Feed + "/preferences";

        var defaults = (await user.Client.GetAsync(Preferences)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("daily", defaults["digest_frequency"]!.GetValue<string>());
        Assert.Equal("Etc/UTC", defaults["time_zone"]!.GetValue<string>());
        Assert.Null(defaults["etag"]);

        (await user.Client.PutAsync(Preferences, new { time_zone = "Mars/Olympus_Mons" })).ExpectValidation("time_zone");
        (await user.Client.PutAsync(Preferences, new { digest_frequency = "hourly" })).ExpectValidation("digest_frequency");
        (await user.Client.PutAsync(Preferences, new { digest_time = "25:00" })).ExpectValidation("digest_time");
        (await user.Client.PutAsync(Preferences, new { digest_day = "someday" })).ExpectValidation("digest_day");
        (await user.Client.PutAsync(Preferences, new { quiet_hours = new { start = "22:00" } })).ExpectValidation("quiet_hours");
        (await user.Client.PutAsync(Preferences, new { quiet_hours = new { start = "22:00", end = "7am" } })).ExpectValidation("quiet_hours.end");

        var saved = (await user.Client.PutAsync(Preferences, new
        {
            channels = new { in_app = true, email = false, push = true },
            digest_frequency = "weekly",
            digest_time = "07:30",
            digest_day = "friday",
            time_zone = "Europe/Berlin",
            quiet_hours = new { start = "22:00", end = "07:00" },
        })).Expect(HttpStatusCode.OK);
        var etag = saved.Header("ETag")!;
        Assert.Equal(etag, saved.Data["etag"]!.GetValue<string>());

        var read = (await user.Client.GetAsync(Preferences)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("weekly", read["digest_frequency"]!.GetValue<string>());
        Assert.Equal("friday", read["digest_day"]!.GetValue<string>());
        Assert.Equal("07:30", read["digest_time"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", read["time_zone"]!.GetValue<string>());
        Assert.False(read["channels"]!["email"]!.GetValue<bool>());
        Assert.Equal("22:00", read["quiet_hours"]!["start"]!.GetValue<string>());

        (await user.Client.PutAsync(Preferences, new { digest_frequency = "off" }, KmtApi.IfMatch("\"stale\""))).ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        (await user.Client.PutAsync(Preferences, new { digest_frequency = "off" }, KmtApi.IfMatch(etag))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Push_subscriptions_are_validated_kept_once_per_endpoint_and_removed_by_their_owner()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        const string Subscriptions = Feed + "/push-subscriptions";
        var endpoint = $"https://push.example.org/send/{Guid.NewGuid():N}";
        var keys = new { p256dh = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth = "tBHItJI5svbpez7KI4CCXg" };

        if (E2EStack.IsEmulatedAzure)
        {
            // Cosmos mode without configured VAPID keys has no Web Push (an instance's disk is no place for keys).
            (await user.Client.GetAsync(Feed + "/push-key")).Expect(HttpStatusCode.NotFound);
        }
        else
        {
            // Locally the VAPID keys are generated into the data folder: the browser subscribes with the public one.
            var publicKey = (await user.Client.GetAsync(Feed + "/push-key")).Expect(HttpStatusCode.OK).Data["public_key"]!.GetValue<string>();
            Assert.Equal(87, publicKey.Length); // 65 bytes (an uncompressed P-256 point), base64url without padding
            Assert.Equal(publicKey, (await other.Client.GetAsync(Feed + "/push-key")).Expect(HttpStatusCode.OK).Data["public_key"]!.GetValue<string>());
        }

        (await user.Client.PostAsync(Subscriptions, new { endpoint = "http://push.example.org/x", keys })).ExpectValidation("endpoint");
        (await user.Client.PostAsync(Subscriptions, new { endpoint, keys = new { p256dh = "not base64!", auth = keys.auth } })).ExpectValidation("keys.p256dh");

        var first = (await user.Client.PostAsync(Subscriptions, new { endpoint, keys })).Expect(HttpStatusCode.Created).Data;
        var again = (await user.Client.PostAsync(Subscriptions, new { endpoint, keys })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());

        (await other.Client.DeleteAsync(Subscriptions, new { endpoint })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.DeleteAsync(Subscriptions, new { endpoint })).Expect(HttpStatusCode.OK);
        (await user.Client.DeleteAsync(Subscriptions, new { endpoint })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static async Task RefreshAsync(KmtClient client)
    {
        var statusUrl = (await client.PostAsync("api/v1/insights/refresh", null)).Expect(HttpStatusCode.Accepted).Header("Location")!;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = (await client.GetAsync(statusUrl.TrimStart('/'))).Expect(HttpStatusCode.OK).Data;
            var status = run["status"]!.GetValue<string>();
            if (status is not ("pending" or "running"))
            {
                Assert.Equal("completed", status);
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Run still {status} after 60 s.");
            await Task.Delay(100);
        }
    }
}
