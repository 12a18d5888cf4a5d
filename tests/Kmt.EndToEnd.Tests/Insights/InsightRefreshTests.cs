using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Insights;

/// <summary>
/// POST insights/refresh end to end on the DevHost: the per-user orchestration runs on the DevHost's
/// Durable Task engine and its run is visible at the status URL, to its owner only.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class InsightRefreshTests(DevHostFixture host)
{
    private const string Refresh = "api/v1/insights/refresh";

    [Fact]
    public async Task A_refresh_runs_the_pipeline_for_the_caller_and_its_status_url_shows_the_scored_items()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var ids = new List<string>();
        foreach (var title in new[] { "often read", "read once", "never read" })
        {
            var created = (await user.Client.PostAsync("api/v1/knowledge", new { title, content = $"{title} content", content_type = "note" })).Expect(HttpStatusCode.Created);
            ids.Add(created.Data["id"]!.GetValue<string>());
        }

        foreach (var read in new[] { ids[0], ids[0], ids[0], ids[1] })
        {
            (await user.Client.GetAsync($"api/v1/knowledge/{read}")).Expect(HttpStatusCode.OK);
        }

        // Insights need the personalised_insights consent, which is off by default.
        (await user.Client.PostAsync(Refresh, null)).ExpectError(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
        (await user.Client.PutAsync("api/v1/users/consents", new { activity_tracking = true, personalised_insights = true, notifications = false })).Expect(HttpStatusCode.OK);

        var accepted = (await user.Client.PostAsync(Refresh, null)).Expect(HttpStatusCode.Accepted);
        var statusUrl = accepted.Header("Location")!;
        Assert.Equal(statusUrl, accepted.Data["status_url"]!.GetValue<string>());
        Assert.Equal("refresh", accepted.Data["trigger"]!.GetValue<string>());

        var run = await WaitForRunAsync(user.Client, statusUrl);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(3, run["item_count"]!.GetValue<int>());
        Assert.Equal(3, run["scored_count"]!.GetValue<int>());
        var top = run["top_importance"]!.AsArray();
        Assert.Equal(ids, top.Select(s => s!["knowledge_item_id"]!.GetValue<string>()));
        Assert.All(top, s => Assert.Equal("prior-recency-frequency-v1", s!["model"]!.GetValue<string>()));
        Assert.StartsWith("Opened 3 times", top[0]!["reasoning"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Never opened", top[2]!["reasoning"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(top[0]!["predicted_value"]!.GetValue<double>() > top[1]!["predicted_value"]!.GetValue<double>());

        // The latest predictions, and each item's importance_score is its latest prediction.
        var predictions = (await user.Client.GetAsync("api/v1/insights/predictions?type=importance&limit=2")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(ids.Take(2), predictions.Select(p => p!["knowledge_item_id"]!.GetValue<string>()));
        Assert.Equal("often read", predictions[0]!["title"]!.GetValue<string>());
        Assert.Equal("importance", predictions[0]!["prediction_type"]!.GetValue<string>());
        Assert.Equal("prior-recency-frequency-v1", predictions[0]!["model_version"]!.GetValue<string>());
        Assert.NotNull(predictions[0]!["target_date"]);
        var item = (await user.Client.GetAsync($"api/v1/knowledge/{ids[0]}")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(predictions[0]!["predicted_value"]!.GetValue<double>(), item["importance_score"]!.GetValue<double>());
        (await user.Client.GetAsync("api/v1/insights/predictions?type=gaps")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        (await user.Client.GetAsync("api/v1/insights/predictions?limit=0")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Empty((await other.Client.GetAsync("api/v1/insights/predictions")).Expect(HttpStatusCode.OK).Data.AsArray());

        (await other.Client.GetAsync(statusUrl.TrimStart('/'))).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"api/v1/insights/runs/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static Task<JsonNode> WaitForRunAsync(KmtClient client, string statusUrl) =>
        client.WaitForStatusAsync(statusUrl, TimeSpan.FromSeconds(60), "pending", "running");
}
