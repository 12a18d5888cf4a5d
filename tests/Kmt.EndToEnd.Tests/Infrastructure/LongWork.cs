using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Long work answers 202 with a status URL (docs/api.md); these poll that URL and send the NDJSON imports
/// several suites start from.
/// </summary>
public static class LongWork
{
    /// <summary>Polls <paramref name="statusUrl"/> until its <c>status</c> is none of <paramref name="busy"/>; fails after <paramref name="timeout"/>.</summary>
    public static async Task<JsonNode> WaitForStatusAsync(this KmtClient client, string statusUrl, TimeSpan timeout, params string[] busy)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await client.GetAsync(statusUrl.TrimStart('/'))).Expect(HttpStatusCode.OK).Data;
            if (!busy.Contains(status["status"]!.GetValue<string>()))
            {
                return status;
            }

            Assert.True(clock.Elapsed < timeout, $"{statusUrl} still {status["status"]} after {timeout.TotalSeconds:0} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>POSTs KMT's history format (one JSON event a line) to import and waits for the import to finish.</summary>
    public static async Task<JsonNode> ImportHistoryAsync(this KmtClient client, IEnumerable<string> lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/import") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        var accepted = (await client.SendRawAsync(request)).Expect(HttpStatusCode.Accepted);
        return await client.WaitForStatusAsync(accepted.Data["status_url"]!.GetValue<string>(), TimeSpan.FromSeconds(90), "queued", "running");
    }

    /// <summary>Starts the caller's insight refresh and waits for its run to end; asserts it completed.</summary>
    public static async Task<JsonNode> RefreshInsightsAsync(this KmtClient client)
    {
        var refresh = (await client.PostAsync("api/v1/insights/refresh", null)).Expect(HttpStatusCode.Accepted);
        var run = await client.WaitForStatusAsync(refresh.Data["status_url"]!.GetValue<string>(), TimeSpan.FromSeconds(90), "pending", "running");
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        return run;
    }
}
