using System.Net;
using System.Text;
using Kmt.Core.Insights;
using Kmt.EndToEnd.Tests.Infrastructure;
using Kmt.EndToEnd.Tests.Uploads;
using Kmt.Functions.Orchestrations;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>
/// The nightly derived edges, run through the per-user graph activities as the orchestration calls them:
/// uploaded items close in meaning get a similar_to edge that GET graph shows, an unrelated one does not,
/// and a second run writes nothing.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class DerivedEdgeTests(DevHostFixture host)
{
    private const string Cats =
        "Domestic cats sleep for most of the day and hunt small rodents at dusk. A kitten learns to groom itself " +
        "from its mother, and an adult cat marks its territory by rubbing its cheeks against furniture.";

    private const string MoreCats =
        "House cats spend most of the day asleep and hunt mice at dusk. Kittens learn grooming from their mother, " +
        "and grown cats mark their territory by rubbing their cheeks on the furniture.";

    private const string Taxes =
        "The quarterly value added tax return lists invoices issued and received; the balance is paid to the revenue " +
        "office before the deadline, and late filing adds a surcharge of two percent.";

    [GraphFact]
    public async Task Items_close_in_meaning_get_a_similar_to_edge_and_a_second_run_writes_nothing()
    {
        var user = await host.RegisterAsync();
        var cats = await UploadAsync(user, "Cat behaviour", Cats);
        var moreCats = await UploadAsync(user, "Cats at home", MoreCats);
        var taxes = await UploadAsync(user, "VAT return", Taxes);
        foreach (var item in new[] { cats, moreCats, taxes })
        {
            await user.WaitForGraphAsync(item, g => g.Nodes("item").Any(n => n.Str("id") == item));
        }

        var activities = ActivatorUtilities.CreateInstance<GraphActivities>(host.Services);
        var run = new UserRun(user.Id, "nightly-test", InsightTriggers.Nightly, DateTimeOffset.UtcNow);
        Assert.True(await activities.RefreshSimilarToAsync(run, CancellationToken.None) >= 1);

        var graph = await user.GraphAsync($"center={cats}&depth=1");
        var similar = Assert.Single(graph.Edges("similar_to"));
        Assert.Equal(new[] { cats, moreCats }.Order(StringComparer.Ordinal), new[] { similar.Str("source"), similar.Str("target") });
        Assert.Equal(new[] { cats, moreCats }.Order(StringComparer.Ordinal), similar.Strings("evidence"));
        var weight = similar["weight"]!.GetValue<double>();
        Assert.InRange(weight, 0.5, 1.0);
        Assert.Null(similar["valid_to"]);
        Assert.DoesNotContain(graph.Nodes("item"), n => n.Str("id") == taxes);

        Assert.Equal(0, await activities.RefreshSimilarToAsync(run, CancellationToken.None));
        Assert.Empty((await user.GraphAsync($"center={taxes}&depth=1")).Edges("similar_to"));
    }

    [GraphFact]
    public async Task Items_read_in_the_same_sittings_are_co_read_and_entities_become_members_of_named_communities()
    {
        var user = await host.RegisterAsync();
        var first = (await user.CreateItemAsync("Summit notes", "Angela Merkel met Emmanuel Macron in Berlin.")).Str("id");
        var second = (await user.CreateItemAsync("Follow-up", "Angela Merkel wrote to Emmanuel Macron.")).Str("id");
        var third = (await user.CreateItemAsync("Groceries", "Milk and bread.")).Str("id");
        await user.WaitForGraphAsync(second, g => g.Nodes("entity").Count() >= 2);
        await user.WaitForGraphAsync(third, g => g.Nodes("item").Any());

        // Two sittings (two days apart) read the first two items; the third is read alone in between.
        var start = DateTimeOffset.UtcNow.AddDays(-3);
        var events = new List<object>();
        foreach (var (item, at) in new[] { (first, start), (second, start.AddMinutes(10)), (third, start.AddDays(1)), (second, start.AddDays(2)), (first, start.AddDays(2).AddMinutes(10)) })
        {
            events.Add(Api.ActivityTrackingTests.Reading("reading_started", item, at));
            events.Add(Api.ActivityTrackingTests.Reading("reading_finished", item, at.AddMinutes(5)));
        }

        (await user.Client.PostAsync(KmtApi.Track, new { events })).Expect(HttpStatusCode.OK);

        var activities = ActivatorUtilities.CreateInstance<GraphActivities>(host.Services);
        var run = new UserRun(user.Id, "nightly-test", InsightTriggers.Nightly, DateTimeOffset.UtcNow);
        Assert.Equal(1, await activities.RefreshCoReadAsync(run, CancellationToken.None));
        Assert.True(await activities.RefreshMemberOfAsync(run, CancellationToken.None) >= 3);

        var around = await user.GraphAsync($"center={first}&depth=1");
        var coRead = Assert.Single(around.Edges("co_read"));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), new[] { coRead.Str("source"), coRead.Str("target") });
        Assert.Equal(2, coRead.Int("count"));
        Assert.Equal(2, coRead["weight"]!.GetValue<double>());

        // The community vertices are the ones graph/communities reports: same id, same name, same members.
        var communities = (await user.Client.GetAsync($"{GraphApi.Graph}/communities")).Expect(HttpStatusCode.OK).Data["communities"]!.AsArray().Select(c => c!).ToList();
        Assert.Contains(communities, c => c.Strings("item_ids").Contains(first));
        var whole = await user.GraphAsync("limit=200");
        Assert.Equal(communities.Select(c => c.Str("id")).Order(StringComparer.Ordinal), whole.Nodes("community").Select(n => n.Str("id")).Order(StringComparer.Ordinal));
        foreach (var community in communities)
        {
            var node = Assert.Single(whole.Nodes("community"), n => n.Str("id") == community.Str("id"));
            Assert.Equal(community.Str("name"), node.Str("label"));
            var members = whole.Edges("member_of").Where(m => m.Str("target") == node.Str("id")).Select(m => m.Str("source")).Order(StringComparer.Ordinal);
            Assert.Equal(community["members"]!.AsArray().Select(m => m!.Str("id")).Order(StringComparer.Ordinal), members);
        }

        Assert.Equal(0, await activities.RefreshCoReadAsync(run, CancellationToken.None));
        Assert.Equal(0, await activities.RefreshMemberOfAsync(run, CancellationToken.None));
    }

    private static async Task<string> UploadAsync(SignedInUser user, string title, string text)
    {
        var uploadId = await user.Client.UploadOneAsync(title + ".md", Encoding.UTF8.GetBytes("# " + title + "\n\n" + text + "\n"), "text/markdown", title: title);
        var embedded = await user.Client.WaitForEmbeddingAsync(uploadId);
        Assert.Equal("completed", embedded["embedding_status"]!.GetValue<string>());
        return embedded["knowledge_item_id"]!.GetValue<string>();
    }
}
