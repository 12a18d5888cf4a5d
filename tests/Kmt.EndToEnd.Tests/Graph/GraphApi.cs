using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>Calls and waits of the graph API tests.</summary>
internal static class GraphApi
{
    public const string Graph = "api/v1/graph";

    /// <summary>How long an item change may take to reach the graph through the graph-changes queue ("within seconds").</summary>
    public static readonly TimeSpan Propagation = TimeSpan.FromSeconds(20);

    public static string Relationships(string itemId) => $"{KmtApi.Knowledge}/{itemId}/relationships";

    public static async Task<JsonNode> GraphAsync(this SignedInUser user, string query) =>
        (await user.Client.GetAsync($"{Graph}?{query}")).Expect(System.Net.HttpStatusCode.OK).Data;

    public static IEnumerable<JsonNode> Nodes(this JsonNode graph, string kind) =>
        graph["nodes"]!.AsArray().Select(n => n!).Where(n => n.Str("kind") == kind);

    public static IEnumerable<JsonNode> Edges(this JsonNode graph, string label) =>
        graph["edges"]!.AsArray().Select(e => e!).Where(e => e.Str("label") == label);

    /// <summary>The graph around <paramref name="itemId"/> once <paramref name="ready"/> holds (the queue applies changes asynchronously).</summary>
    public static async Task<JsonNode> WaitForGraphAsync(this SignedInUser user, string itemId, Func<JsonNode, bool> ready, string? extraQuery = null)
    {
        var deadline = DateTime.UtcNow + Propagation;
        while (true)
        {
            var response = await user.Client.GetAsync($"{Graph}?center={itemId}&depth=1{extraQuery}");
            if (response.Status == System.Net.HttpStatusCode.OK && ready(response.Data))
            {
                return response.Data;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The graph around {itemId} did not reach the expected state within {Propagation}: {response}");
            }

            await Task.Delay(100);
        }
    }
}
