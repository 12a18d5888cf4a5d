using System.Net;
using Kmt.Core.Accounts;
using Kmt.Core.Analytics;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>analytics/dashboard, consumption, learning, trends and export, read from the learning metrics the job computes.</summary>
[Collection(DevHostCollection.Name)]
public sealed class AnalyticsApiTests(DevHostFixture host)
{
    private static readonly string Words = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"w{i}"));

    [Fact]
    public async Task Captures_and_readings_show_up_once_the_metrics_job_has_run_and_only_for_their_owner()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var item = await user.CreateItemAsync("Read me", Words, "science");
        await user.CreateItemAsync("Later", "", "science", "art");
        var id = item.Str("id");
        var start = DateTimeOffset.UtcNow.AddMinutes(-20);
        (await user.Client.PostAsync(KmtApi.Track, new
        {
            events = new[]
            {
                ActivityTrackingTests.Reading("reading_started", id, start),
                ActivityTrackingTests.Reading("reading_finished", id, start.AddMinutes(2)),
            },
        })).Expect(HttpStatusCode.OK);

        var before = (await user.Client.GetAsync("api/v1/analytics/dashboard?tz=UTC")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(0, before["totals"]!.Int("items_captured")); // nothing until the job has run

        await RefreshAsync(user.Id);
        await RefreshAsync(other.Id);

        var dashboard = (await user.Client.GetAsync("api/v1/analytics/dashboard?tz=UTC")).Expect(HttpStatusCode.OK).Data;
        var totals = dashboard["totals"]!;
        Assert.Equal((2, 1, 1), (totals.Int("items_captured"), totals.Int("items_read"), totals.Int("items_completed")));
        Assert.Equal(150, totals.Int("reading_speed_wpm")); // 300 words in 2 minutes
        Assert.Equal(2, dashboard["content_types"]!.AsObject().Sum(p => p.Value!.GetValue<int>()));
        Assert.InRange(dashboard["streaks"]!.Int("current_days"), 1, 2); // 2 when the reading ended just before midnight UTC
        Assert.Equal(30, dashboard["series"]!.AsArray().Count);
        Assert.Equal("UTC", dashboard["period"]!.Str("time_zone"));

        var learning = (await user.Client.GetAsync("api/v1/analytics/learning?granularity=week")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, learning.Int("items_completed"));
        Assert.InRange(learning["retention"]!.GetValue<double>(), 0.9, 1.0);

        var consumption = (await user.Client.GetAsync("api/v1/analytics/consumption?granularity=month")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(2, consumption["totals"]!.Int("items_captured"));

        var trends = (await user.Client.GetAsync("api/v1/analytics/trends")).Expect(HttpStatusCode.OK).Data;
        var today = trends["series"]!.AsArray()[^1]!;
        Assert.Equal("science", today["tags"]!.AsArray()[0]!.Str("tag"));
        Assert.Equal(2, today["tags"]!.AsArray()[0]!.Int("count"));

        var theirs = (await other.Client.GetAsync("api/v1/analytics/dashboard")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal((0, 0), (theirs["totals"]!.Int("items_captured"), theirs["totals"]!.Int("items_read")));
    }

    [Theory]
    [InlineData("from=2026-03-10&to=2026-03-01", "from")]
    [InlineData("granularity=year", "granularity")]
    [InlineData("tz=Mars/Olympus", "tz")]
    [InlineData("from=1990-01-01&to=2026-01-01", "to")]
    [InlineData("from=yesterday", "from")]
    public async Task Bad_periods_are_400_with_the_field(string query, string field)
    {
        var user = await host.RegisterAsync();
        foreach (var route in new[] { "dashboard", "consumption", "learning", "trends" })
        {
            var response = (await user.Client.GetAsync($"api/v1/analytics/{route}?{query}")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(field, response.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_is_csv_for_premium_people_and_403_for_others()
    {
        var user = await host.RegisterAsync();
        await user.CreateItemAsync("Captured", "", "ml");
        await RefreshAsync(user.Id);

        (await user.Client.GetAsync("api/v1/analytics/export")).ExpectError(HttpStatusCode.Forbidden, "FORBIDDEN");

        var users = host.Services.GetRequiredService<IUserStore>();
        var stored = (await users.GetAsync(user.Id, CancellationToken.None))!;
        await users.ReplaceAsync(stored with { Role = Roles.PremiumUser, ETag = "\"premium\"" }, stored.ETag, CancellationToken.None);
        var login = (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK).Data;
        using var premium = host.ClientWith(login.Str("access_token"));

        var csv = (await premium.GetAsync("api/v1/analytics/export?granularity=week&tz=Europe/Paris")).Expect(HttpStatusCode.OK);
        Assert.StartsWith("text/csv", csv.ContentHeaders.ContentType!.ToString(), StringComparison.Ordinal);
        var lines = csv.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AnalyticsCsv.Header, lines[0]);
        Assert.Contains(lines[1..], l => l.Contains(",1,", StringComparison.Ordinal) && l.EndsWith("\"ml:1\"", StringComparison.Ordinal));
    }

    private Task RefreshAsync(string userId) =>
        host.Services.GetRequiredService<AnalyticsService>().RefreshAsync(userId, null, CancellationToken.None);
}
