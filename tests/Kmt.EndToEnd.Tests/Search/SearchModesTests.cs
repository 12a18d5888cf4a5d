using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Graph;
using Kmt.EndToEnd.Tests.Infrastructure;
using Kmt.EndToEnd.Tests.Uploads;

namespace Kmt.EndToEnd.Tests.Search;

/// <summary>
/// Search modes (keyword, semantic, hybrid) over items with and without vectors, and related notes. On the
/// emulated Azure stack the local Cosmos DB server has neither full-text nor vector search: search answers
/// 501 FEATURE_UNAVAILABLE naming what is missing, and these tests assert that instead.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class SearchModesTests(DevHostFixture host)
{
    private const string Search = "api/v1/knowledge/search";

    private const string Cats =
        "Domestic felines sleep for most of the day and hunt small rodents at dusk. A kitten learns to groom itself " +
        "from its mother, and an adult tabby marks its territory by rubbing its cheeks against furniture.";

    private const string Kittens =
        "Caring for a young kitten: feed it four small meals a day, keep its litter tray clean, and let it play with " +
        "string so that its hunting instincts develop. Felines are curious and need a safe place to climb.";

    private const string Taxes =
        "The quarterly value added tax return lists invoices issued and received; the balance is paid to the revenue " +
        "office before the deadline, and late filing adds a surcharge of two percent.";

    private async Task<string> UploadEmbeddedAsync(SignedInUser user, string title, string text)
    {
        var uploadId = await user.Client.UploadOneAsync(title + ".md", Encoding.UTF8.GetBytes("# " + title + "\n\n" + text + "\n"), "text/markdown", title: title);
        var embedded = await user.Client.WaitForEmbeddingAsync(uploadId);
        Assert.Equal("completed", embedded["embedding_status"]!.GetValue<string>());
        return embedded["knowledge_item_id"]!.GetValue<string>();
    }

    private static List<string> Ids(ApiResponse response) =>
        response.Expect(HttpStatusCode.OK).Data.AsArray().Select(h => h!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Each_mode_finds_what_it_should_and_an_item_without_vectors_is_found_by_its_words()
    {
        var user = await host.RegisterAsync();
        if (E2EStack.IsEmulatedAzure)
        {
            var refused = (await user.Client.PostAsync(Search, new { query = "pets" })).ExpectError(HttpStatusCode.NotImplemented, "FEATURE_UNAVAILABLE");
            Assert.Contains("full-text search", refused.Json!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            return;
        }

        var cats = await UploadEmbeddedAsync(user, "Cat behaviour", Cats);
        await UploadEmbeddedAsync(user, "VAT return", Taxes);

        // Created through the API: searchable by its words at once; its vectors follow (the next test).
        var pending = (await user.CreateItemAsync("Pet shopping list", "Buy a scratching post and pet food.")).Str("id");

        // No word of the query is in the cat note: only its meaning matches.
        var byMeaning = Ids(await user.Client.PostAsync(Search, new { query = "pet animals", mode = "semantic", per_page = 2 }));
        Assert.Contains(cats, byMeaning);
        Assert.Equal([pending], Ids(await user.Client.PostAsync(Search, new { query = "pet animals", mode = "keyword" })));

        var hybrid = Ids(await user.Client.PostAsync(Search, new { query = "pet animals" }));
        Assert.Contains(cats, hybrid);
        Assert.Contains(pending, hybrid);

        // Filters hold in every mode.
        Assert.Empty(Ids(await user.Client.PostAsync(Search, new { query = "pet animals", mode = "semantic", tags = new[] { "nowhere" } })));
        Assert.Empty(Ids(await user.Client.PostAsync(Search, new { query = "pet animals", mode = "hybrid", content_type = "book" })));

        // Any word matching is enough (OR), and a snippet of a semantic hit marks the query words it holds.
        Assert.Equal([pending], Ids(await user.Client.PostAsync(Search, new { query = "scratching unicorn", mode = "keyword" })));
        var semantic = (await user.Client.PostAsync(Search, new { query = "felines", mode = "semantic", per_page = 1 })).Expect(HttpStatusCode.OK).Data.AsArray().Single()!;
        Assert.Contains("<mark>", semantic["snippet"]!.GetValue<string>(), StringComparison.Ordinal);

        (await user.Client.PostAsync(Search, new { query = "cats", mode = "fuzzy" })).ExpectValidation("mode");
    }

    [Fact]
    public async Task An_item_created_through_the_api_is_embedded_and_found_by_meaning()
    {
        if (E2EStack.IsEmulatedAzure)
        {
            return; // no vector search on the local Cosmos DB server (the test above asserts the 501)
        }

        var user = await host.RegisterAsync();
        await UploadEmbeddedAsync(user, "VAT return", Taxes);
        var kittens = (await user.CreateItemAsync("Kitten care", Kittens)).Str("id");

        // "pets" is not a word of the note: only its vectors can find it, and they come from the second stage.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<string> found;
        while (!(found = Ids(await user.Client.PostAsync(Search, new { query = "looking after pets", mode = "semantic", per_page = 1 }))).Contains(kittens))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The item created through the API was not found by meaning within 60 s: {string.Join(", ", found)}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Related_notes_are_close_in_meaning_once_each_without_the_item_and_optionally_without_linked_ones()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var theirs = (await other.CreateItemAsync("Theirs", "Someone else's note.")).Str("id");
        (await user.Client.GetAsync($"api/v1/knowledge/{theirs}/related")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        if (E2EStack.IsEmulatedAzure)
        {
            var mine = (await user.CreateItemAsync("Mine", "A note.")).Str("id");
            (await user.Client.GetAsync($"api/v1/knowledge/{mine}/related")).ExpectError(HttpStatusCode.NotImplemented, "FEATURE_UNAVAILABLE");
            return;
        }

        var cats = await UploadEmbeddedAsync(user, "Cat behaviour", Cats);
        var kittens = await UploadEmbeddedAsync(user, "Kitten care", Kittens);
        var taxes = await UploadEmbeddedAsync(user, "VAT return", Taxes);

        var related = (await user.Client.GetAsync($"api/v1/knowledge/{cats}/related")).Expect(HttpStatusCode.OK).Data.AsArray();
        var ids = related.Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(kittens, ids[0]);
        Assert.DoesNotContain(cats, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(taxes, ids.Take(1));
        Assert.False(string.IsNullOrEmpty(related[0]!["why"]!["passage"]!.GetValue<string>()));
        Assert.True(related[0]!["similarity"]!.GetValue<double>() > 0.3);

        (await user.Client.PostAsync(GraphApi.Relationships(cats), new { target_id = kittens, relationship_type = "supports" })).Expect(HttpStatusCode.Created);
        var unlinked = (await user.Client.GetAsync($"api/v1/knowledge/{cats}/related?exclude_linked=true")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.DoesNotContain(kittens, unlinked.Select(r => r!["id"]!.GetValue<string>()));

        (await user.Client.GetAsync($"api/v1/knowledge/{cats}/related?limit=0")).ExpectValidation("limit");
        (await user.Client.GetAsync($"api/v1/knowledge/{cats}/related?exclude_linked=maybe")).ExpectValidation("exclude_linked");
    }
}
