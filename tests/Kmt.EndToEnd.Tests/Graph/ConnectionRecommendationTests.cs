using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>recommendations/connections: items that share entities are suggested with their evidence; accept links them, dismiss is remembered.</summary>
[Collection(DevHostCollection.Name)]
public sealed class ConnectionRecommendationTests(DevHostFixture host)
{
    private const string Path = "api/v1/recommendations/connections";

    [GraphFact]
    public async Task Items_sharing_entities_are_recommended_with_evidence_accepting_links_them_and_dismissing_is_remembered()
    {
        var user = await host.RegisterAsync();
        var summit = await CreateInGraphAsync(user, "Summit notes", "Angela Merkel met Emmanuel Macron in Berlin.");
        var review = await CreateInGraphAsync(user, "Press review", "Emmanuel Macron praised Angela Merkel after the meeting.");
        var cluster = await CreateInGraphAsync(user, "Cluster design", "The team runs Kubernetes on Microsoft Azure in Amsterdam.");
        var scaling = await CreateInGraphAsync(user, "Autoscaling", "We tuned Kubernetes autoscaling on Microsoft Azure.");

        var politics = await WaitForPairAsync(user, summit, review);
        Assert.Equal((review, summit), (politics["source"]!.Str("id"), politics["target"]!.Str("id")));
        Assert.Equal(("Press review", "Summit notes"), (politics["source"]!.Str("title"), politics["target"]!.Str("title")));
        Assert.Equal("related", politics.Str("relationship_type"));
        Assert.InRange(politics["score"]!.GetValue<double>(), 0, 1);
        var evidence = politics["evidence"]!;
        Assert.Contains(evidence.Strings("shared_entities"), e => e.Contains("Merkel", StringComparison.Ordinal));
        Assert.Contains(evidence.Strings("shared_entities"), e => e.Contains("Macron", StringComparison.Ordinal));
        Assert.True(evidence["adamic_adar"]!.GetValue<double>() > 0);

        // Accept: the relationship is created (201), listed under the item, and the recommendation is gone.
        var accepted = (await user.Client.PostAsync($"{Path}/{politics.Str("id")}/accept", new { relationship_type = "supports", strength = 0.6 }))
            .Expect(HttpStatusCode.Created);
        var relId = accepted.Data.Str("id");
        Assert.Equal((review, summit, "supports", 0.6), (accepted.Data.Str("source_id"), accepted.Data.Str("target_id"), accepted.Data.Str("relationship_type"), accepted.Data["strength"]!.GetValue<double>()));
        Assert.Equal($"/api/v1/knowledge/{review}/relationships/{relId}", accepted.Header("Location"));
        Assert.Equal(accepted.Data.Str("etag"), accepted.Header("ETag"));
        Assert.Equal(politics.Str("id"), accepted.Data["metadata"]!.Str("recommendation_id"));
        Assert.Contains(relId, KmtApi.Ids((await user.Client.GetAsync(GraphApi.Relationships(summit))).Expect(HttpStatusCode.OK).Data));
        Assert.DoesNotContain(politics.Str("id"), await IdsAsync(user));
        (await user.Client.PostAsync($"{Path}/{politics.Str("id")}/accept", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        // Dismiss: remembered, stays gone, and a repeat answers the same decision.
        var ops = await WaitForPairAsync(user, cluster, scaling);
        var dismissed = (await user.Client.PostAsync($"{Path}/{ops.Str("id")}/dismiss", null)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal((ops.Str("id"), "dismissed"), (dismissed.Str("id"), dismissed.Str("status")));
        Assert.DoesNotContain(ops.Str("id"), await IdsAsync(user));
        (await user.Client.PostAsync($"{Path}/{ops.Str("id")}/dismiss", null)).Expect(HttpStatusCode.OK);
        (await user.Client.PostAsync($"{Path}/{ops.Str("id")}/accept", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Client.GetAsync(GraphApi.Relationships(cluster))).Expect(HttpStatusCode.OK).Data.AsArray());

        // Editing an item (the graph rebuilds its edges) does not bring the dismissed pair back.
        var current = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{scaling}")).Expect(HttpStatusCode.OK).Data;
        (await user.Client.PutAsync($"{KmtApi.Knowledge}/{scaling}", new { title = "Autoscaling", content = "We tuned Kubernetes autoscaling on Microsoft Azure again." }, KmtApi.IfMatch(current.Str("etag"))))
            .Expect(HttpStatusCode.OK);
        await Task.Delay(500);
        Assert.DoesNotContain(ops.Str("id"), await IdsAsync(user));
    }

    [GraphFact]
    public async Task Other_peoples_recommendations_are_not_found()
    {
        var owner = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var a = await CreateInGraphAsync(owner, "Summit notes", "Angela Merkel met Emmanuel Macron in Berlin.");
        var b = await CreateInGraphAsync(owner, "Press review", "Emmanuel Macron praised Angela Merkel.");
        var id = (await WaitForPairAsync(owner, a, b)).Str("id");

        Assert.Empty((await other.Client.GetAsync(Path)).Expect(HttpStatusCode.OK).Data.AsArray());
        (await other.Client.PostAsync($"{Path}/{id}/accept", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.PostAsync($"{Path}/{id}/dismiss", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        // The other person's attempts changed nothing for the owner.
        Assert.Contains(id, await IdsAsync(owner));
        Assert.Empty((await owner.Client.GetAsync(GraphApi.Relationships(a))).Expect(HttpStatusCode.OK).Data.AsArray());
    }

    [GraphFact]
    public async Task Bad_input_is_a_400_and_unknown_ids_a_404_in_the_envelope()
    {
        var user = await host.RegisterAsync();
        var a = await CreateInGraphAsync(user, "Summit notes", "Angela Merkel met Emmanuel Macron in Berlin.");
        var b = await CreateInGraphAsync(user, "Press review", "Emmanuel Macron praised Angela Merkel.");
        var id = (await WaitForPairAsync(user, a, b)).Str("id");

        (await user.Client.GetAsync($"{Path}?limit=0")).ExpectValidation("limit");
        (await user.Client.GetAsync($"{Path}?limit=abc")).ExpectValidation("limit");
        (await user.Client.GetAsync($"{Path}?limit=100000")).ExpectValidation("limit");
        (await user.Client.PostAsync($"{Path}/{id}/accept", new { relationship_type = "has space" })).ExpectValidation("relationship_type");
        (await user.Client.PostAsync($"{Path}/{id}/accept", new { strength = 2 })).ExpectValidation("strength");
        (await user.Client.PostAsync($"{Path}/{id}/accept", new { strength = "high" })).Expect(HttpStatusCode.BadRequest);
        (await user.Client.PostAsync($"{Path}/{id}/accept", new { target_id = a })).Expect(HttpStatusCode.BadRequest);
        (await user.Client.PostAsync($"{Path}/{id}/accept", "{\"a\": [1, 2")).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        (await user.Client.PostAsync($"{Path}/0123456789abcdef0123456789abcdef/accept", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.PostAsync($"{Path}/nope/dismiss", null)).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        // Nothing above changed anything.
        Assert.Contains(id, await IdsAsync(user));
        Assert.Empty((await user.Client.GetAsync(GraphApi.Relationships(a))).Expect(HttpStatusCode.OK).Data.AsArray());
    }

    [GraphFact]
    public async Task A_dismissal_is_in_the_persons_export()
    {
        var user = await host.RegisterAsync();
        var a = await CreateInGraphAsync(user, "Summit notes", "Angela Merkel met Emmanuel Macron in Berlin.");
        var b = await CreateInGraphAsync(user, "Press review", "Emmanuel Macron praised Angela Merkel.");
        var id = (await WaitForPairAsync(user, a, b)).Str("id");
        (await user.Client.PostAsync($"{Path}/{id}/dismiss", null)).Expect(HttpStatusCode.OK);

        var statusUrl = (await user.Client.PostAsync("api/v1/users/export", null)).Expect(HttpStatusCode.Accepted).Data.Str("status_url").TrimStart('/');
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonNode status;
        while ((status = (await user.Client.GetAsync(statusUrl)).Expect(HttpStatusCode.OK).Data).Str("status") is "queued" or "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "The export did not finish within 60 s.");
            await Task.Delay(100);
        }

        Assert.Equal("completed", status.Str("status"));
        using var request = new HttpRequestMessage(HttpMethod.Get, status.Str("download_url").TrimStart('/'));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Client.AccessToken);
        using var response = await user.Client.Http.SendAsync(request);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync(), System.IO.Compression.ZipArchiveMode.Read);
        var insights = JsonNode.Parse(await new StreamReader(zip.GetEntry("insights.json")!.Open()).ReadToEndAsync())!.AsArray();
        var decision = Assert.Single(insights, i => i!.Str("id") == id)!;
        Assert.Equal(("connection", "dismissed"), (decision.Str("kind"), decision.Str("status")));
        Assert.Equal((b, a), (decision["payload"]!.Str("source_id"), decision["payload"]!.Str("target_id")));
    }

    private static async Task<string> CreateInGraphAsync(SignedInUser user, string title, string content)
    {
        var id = (await user.CreateItemAsync(title, content)).Str("id");
        await user.WaitForGraphAsync(id, g => g.Nodes("entity").Any());
        return id;
    }

    private static async Task<List<string>> IdsAsync(SignedInUser user) =>
        KmtApi.Ids((await user.Client.GetAsync($"{Path}?limit=100")).Expect(HttpStatusCode.OK).Data);

    /// <summary>The recommendation joining the two items, once the graph holds both items' mentions.</summary>
    private static async Task<JsonNode> WaitForPairAsync(SignedInUser user, string a, string b)
    {
        var deadline = DateTime.UtcNow + GraphApi.Propagation;
        while (true)
        {
            var list = (await user.Client.GetAsync($"{Path}?limit=100")).Expect(HttpStatusCode.OK).Data.AsArray();
            var pair = list.Select(n => n!).FirstOrDefault(n =>
                new[] { n["source"]!.Str("id"), n["target"]!.Str("id") }.Order(StringComparer.Ordinal).SequenceEqual(new[] { a, b }.Order(StringComparer.Ordinal)));
            if (pair is not null)
            {
                return pair;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No recommendation joined {a} and {b} within {GraphApi.Propagation}: {list.ToJsonString()}");
            }

            await Task.Delay(200);
        }
    }
}
