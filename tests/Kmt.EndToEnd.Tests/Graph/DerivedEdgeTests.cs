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

    private static async Task<string> UploadAsync(SignedInUser user, string title, string text)
    {
        var uploadId = await user.Client.UploadOneAsync(title + ".md", Encoding.UTF8.GetBytes("# " + title + "\n\n" + text + "\n"), "text/markdown", title: title);
        var embedded = await user.Client.WaitForEmbeddingAsync(uploadId);
        Assert.Equal("completed", embedded["embedding_status"]!.GetValue<string>());
        return embedded["knowledge_item_id"]!.GetValue<string>();
    }
}
