using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Insights;

/// <summary>
/// An imported history through a refresh to gaps, recommendations and a status change, on the DevHost;
/// another person's ids are 404 and a bad status is 400.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class InsightDiscoveryTests(DevHostFixture host)
{
    [Fact]
    public async Task An_imported_history_yields_gaps_and_recommendations_after_a_refresh_and_a_gap_can_be_marked_viewed()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);
        var now = DateTimeOffset.UtcNow;
        string At(double days) => now.AddDays(-days).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var lines = new List<string>
        {
            $$"""{"type":"capture","at":"{{At(300)}}","source_id":"s1","title":"Sourdough basics","content":"Flour water salt and time.","tags":["baking"]}""",
            $$"""{"type":"capture","at":"{{At(200)}}","source_id":"s2","title":"Advanced sourdough","content":"Levain schedules and hydration.","tags":["baking"]}""",
            $$"""{"type":"read","at":"{{At(150)}}","source_id":"s1","duration_seconds":300,"completion_percentage":100}""",
        };
        lines.AddRange(new[] { 20, 9, 5, 3, 2, 1 }.Select(d => $$"""{"type":"search","at":"{{At(d)}}","query":"zig comptime"}"""));
        await user.Client.ImportHistoryAsync(lines);
        await user.Client.RefreshInsightsAsync();

        var gaps = (await user.Client.GetAsync("api/v1/insights/gaps")).Expect(HttpStatusCode.OK).Data.AsArray();
        var gap = Assert.Single(gaps, g => g!["topic"]!.GetValue<string>() == "term:zig comptime")!;
        Assert.Equal("Zig comptime", gap["name"]!.GetValue<string>());
        Assert.Equal("exponential-smoothing", gap["forecaster"]!.GetValue<string>());
        Assert.InRange(gap["urgency_score"]!.GetValue<double>(), 0.01, 1);
        // A term gap names the searches that make it one, and no related entities (docs/api.md).
        Assert.Equal(["zig comptime"], gap["searches"]!.AsArray().Select(q => q!.GetValue<string>()));
        Assert.Empty(gap["related_entities"]!.AsArray());

        var content = (await user.Client.GetAsync("api/v1/recommendations/content")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Contains(content, c => c!["title"]!.GetValue<string>() == "Sourdough basics");
        var learning = (await user.Client.GetAsync("api/v1/recommendations/learning?topic=baking")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(["Sourdough basics", "Advanced sourdough"], Assert.Single(learning)!["steps"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()));
        (await user.Client.GetAsync("api/v1/insights/dormant")).Expect(HttpStatusCode.OK);

        var id = gap["id"]!.GetValue<string>();
        (await other.Client.SendAsync(HttpMethod.Patch, $"api/v1/insights/gaps/{id}", new { status = "viewed" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.SendAsync(HttpMethod.Patch, $"api/v1/insights/gaps/{id}", new { status = "new" })).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var viewed = (await user.Client.SendAsync(HttpMethod.Patch, $"api/v1/insights/gaps/{id}", new { status = "viewed" })).Expect(HttpStatusCode.OK);
        Assert.Equal("viewed", viewed.Data["status"]!.GetValue<string>());
        Assert.NotNull(viewed.Header("ETag"));

        (await user.Client.PostAsync("api/v1/insights/feedback", new { insight_type = "gap", insight_id = id, feedback = "dismiss" })).Expect(HttpStatusCode.OK);
        var after = (await user.Client.GetAsync("api/v1/insights/gaps")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.DoesNotContain(after, g => g!["id"]!.GetValue<string>() == id);
    }
}
