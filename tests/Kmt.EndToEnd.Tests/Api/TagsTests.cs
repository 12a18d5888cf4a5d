using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>tags: hierarchical names, colors, renames that move subtrees and items, deletes that untag items.</summary>
[Collection(DevHostCollection.Name)]
public sealed class TagsTests(DevHostFixture host)
{
    [Fact]
    public async Task Create_get_and_list()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.PostAsync(KmtApi.Tags, new { name = " Science / Quantum  Physics ", color = "#FF00aa" })).Expect(HttpStatusCode.Created);
        var tag = response.Data;
        Assert.Equal("science/quantum-physics", tag.Str("name"));
        Assert.Equal("science", tag.Str("parent"));
        Assert.Equal("#ff00aa", tag.Str("color"));
        Assert.Equal($"/api/v1/tags/{tag.Str("id")}", response.Header("Location"));
        Assert.Equal(tag.Str("etag"), response.Header("ETag"));

        var plain = await user.CreateTagAsync("reading");
        Assert.Equal("#6366f1", plain.Str("color"));
        Assert.Null(plain["parent"]);

        var got = (await user.Client.GetAsync($"{KmtApi.Tags}/{tag.Str("id")}")).Expect(HttpStatusCode.OK);
        Assert.Equal("science/quantum-physics", got.Data.Str("name"));
        Assert.Equal(tag.Str("etag"), got.Header("ETag"));

        await user.CreateItemAsync("One", "", "reading");
        await user.CreateItemAsync("Two", "", "reading", "science/quantum-physics");
        var list = (await user.Client.GetAsync(KmtApi.Tags)).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Equal(["reading", "science/quantum-physics"], list.Select(t => t!.Str("name")));
        Assert.Equal([2, 1], list.Select(t => t!.Int("item_count")));
    }

    [Fact]
    public async Task Duplicate_names_conflict()
    {
        var user = await host.RegisterAsync();
        await user.CreateTagAsync("ideas");
        (await user.Client.PostAsync(KmtApi.Tags, new { name = "IDEAS" })).ExpectError(HttpStatusCode.Conflict, "CONFLICT");

        // Another user may have the same name.
        var other = await host.RegisterAsync();
        await other.CreateTagAsync("ideas");
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"color": "#123456"}""", "name")]
    [InlineData("""{"name": "a//b"}""", "name")]
    [InlineData("""{"name": "/lead"}""", "name")]
    [InlineData("""{"name": "no,commas"}""", "name")]
    [InlineData("""{"name": "ok", "color": "red"}""", "color")]
    [InlineData("""{"name": "ok", "color": "#12345"}""", "color")]
    [InlineData("""{"name": "ok", "color": "#1234567"}""", "color")]
    [InlineData("""{"name": "ok", "color": "#gggggg"}""", "color")]
    [InlineData("""{"name": "ok", "color": "123456"}""", "color")]
    public async Task Invalid_tags_are_rejected(string body, string field)
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync(KmtApi.Tags, body)).ExpectValidation(field);
        Assert.Empty((await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray());
    }

    [Fact]
    public async Task Name_length_is_limited_to_50()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync(KmtApi.Tags, new { name = new string('n', 51) })).ExpectValidation("name");
        Assert.Equal(50, (await user.CreateTagAsync(new string('n', 50))).Str("name").Length);
    }

    [Fact]
    public async Task Put_changes_the_color_and_the_etag()
    {
        var user = await host.RegisterAsync();
        var tag = await user.CreateTagAsync("colors", "#000000");
        var put = (await user.Client.PutAsync($"{KmtApi.Tags}/{tag.Str("id")}", new { name = "colors", color = "#ABCDEF" }, KmtApi.IfMatch(tag.Str("etag")))).Expect(HttpStatusCode.OK);
        Assert.Equal("#abcdef", put.Data.Str("color"));
        Assert.NotEqual(tag.Str("etag"), put.Header("ETag"));

        (await user.Client.PutAsync($"{KmtApi.Tags}/{tag.Str("id")}", new { name = "colors", color = "#111111" }, KmtApi.IfMatch(tag.Str("etag"))))
            .ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        (await user.Client.PutAsync($"{KmtApi.Tags}/{tag.Str("id")}", new { name = "colors", color = "blue" })).ExpectValidation("color");
        Assert.Equal("#abcdef", (await user.Client.GetAsync($"{KmtApi.Tags}/{tag.Str("id")}")).Data.Str("color"));
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Rename_moves_the_tag_its_descendants_and_every_items_tags()
    {
        var user = await host.RegisterAsync();
        var ml = await user.CreateTagAsync("ml", "#112233");
        var onParent = await user.CreateItemAsync("Intro", "", "ml", "reading");
        var onChild = await user.CreateItemAsync("Transformers", "", "ml/nlp");
        var onGrandchild = await user.CreateItemAsync("BERT", "", "ml/nlp/bert");
        var lookalike = await user.CreateItemAsync("HTML", "", "mlx", "html/ml");

        var renamed = (await user.Client.PutAsync($"{KmtApi.Tags}/{ml.Str("id")}", new { name = "machine-learning", color = "#112233" })).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("machine-learning", renamed.Str("name"));
        Assert.Equal(ml.Str("id"), renamed.Str("id"));

        var names = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")).ToList();
        Assert.Equal(["html/ml", "machine-learning", "machine-learning/nlp", "machine-learning/nlp/bert", "mlx", "reading"], names);

        Assert.Equal(["machine-learning", "reading"], await TagsOf(user, onParent));
        Assert.Equal(["machine-learning/nlp"], await TagsOf(user, onChild));
        Assert.Equal(["machine-learning/nlp/bert"], await TagsOf(user, onGrandchild));
        Assert.Equal(["mlx", "html/ml"], await TagsOf(user, lookalike));

        Assert.Equal(3, (await user.ListIdsAsync("tag=machine-learning")).Count);
        Assert.Empty(await user.ListIdsAsync("tag=ml"));

        // Search sees the new tag names too.
        var hits = (await user.Client.PostAsync($"{KmtApi.Knowledge}/search", new { query = "transformers", tags = new[] { "machine-learning" } })).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.Single(hits);
    }

    [Fact]
    public async Task Rename_onto_an_existing_name_conflicts_and_changes_nothing()
    {
        var user = await host.RegisterAsync();
        var a = await user.CreateTagAsync("alpha");
        await user.CreateTagAsync("beta");
        var item = await user.CreateItemAsync("Tagged", "", "alpha", "alpha/child");

        (await user.Client.PutAsync($"{KmtApi.Tags}/{a.Str("id")}", new { name = "beta" })).ExpectError(HttpStatusCode.Conflict, "CONFLICT");

        var names = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")).ToList();
        Assert.Equal(["alpha", "alpha/child", "beta"], names);
        Assert.Equal(["alpha", "alpha/child"], await TagsOf(user, item));
    }

    [Fact]
    public async Task Delete_removes_the_tag_from_items_and_keeps_descendants()
    {
        var user = await host.RegisterAsync();
        await user.CreateItemAsync("Seed", "", "science");
        var tags = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray();
        var science = tags.Single(t => t!.Str("name") == "science")!;
        var both = await user.CreateItemAsync("Both", "", "science", "science/physics", "other");

        var deleted = (await user.Client.DeleteAsync($"{KmtApi.Tags}/{science.Str("id")}")).Expect(HttpStatusCode.OK).Data;
        Assert.True(deleted["deleted"]!.GetValue<bool>());

        Assert.Equal(["science/physics", "other"], await TagsOf(user, both));
        (await user.Client.GetAsync($"{KmtApi.Tags}/{science.Str("id")}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.DeleteAsync($"{KmtApi.Tags}/{science.Str("id")}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        var names = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")).ToList();
        Assert.Equal(["other", "science/physics"], names);

        Assert.Equal([both.Str("id")], await user.ListIdsAsync("tag=science/physics"));
    }

    [Fact]
    public async Task Unknown_and_malformed_tag_ids_are_404()
    {
        var user = await host.RegisterAsync();
        (await user.Client.GetAsync($"{KmtApi.Tags}/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.GetAsync($"{KmtApi.Tags}/nope")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.PutAsync($"{KmtApi.Tags}/{Guid.NewGuid()}", new { name = "x" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await user.Client.DeleteAsync($"{KmtApi.Tags}/{Guid.NewGuid()}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Rename_into_its_own_subtree_is_refused_or_consistent()
    {
        var user = await host.RegisterAsync();
        var a = await user.CreateTagAsync("topic");
        var item = await user.CreateItemAsync("Item", "", "topic", "topic/sub");

        var response = await user.Client.PutAsync($"{KmtApi.Tags}/{a.Str("id")}", new { name = "topic/inner" });
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        var names = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")).ToList();
        if (response.Status == HttpStatusCode.OK)
        {
            Assert.Equal(["topic/inner", "topic/inner/sub"], names);
            Assert.Equal(["topic/inner", "topic/inner/sub"], await TagsOf(user, item));
        }
        else
        {
            Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, response.ToString());
            Assert.Equal(["topic", "topic/sub"], names);
            Assert.Equal(["topic", "topic/sub"], await TagsOf(user, item));
        }
    }

    [Fact]
    public async Task Rename_conflicting_only_below_the_tag_changes_nothing()
    {
        var user = await host.RegisterAsync();
        var ml = await user.CreateTagAsync("ml");
        var item = await user.CreateItemAsync("Item", "", "ml", "ml/nlp");
        await user.CreateTagAsync("ai/nlp");

        (await user.Client.PutAsync($"{KmtApi.Tags}/{ml.Str("id")}", new { name = "ai" })).ExpectError(HttpStatusCode.Conflict, "CONFLICT");

        var names = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")).ToList();
        Assert.Equal(["ai/nlp", "ml", "ml/nlp"], names);
        Assert.Equal(["ml", "ml/nlp"], await TagsOf(user, item));
    }

    [Fact]
    public async Task Rename_that_would_make_a_descendant_longer_than_50_characters_is_refused()
    {
        var user = await host.RegisterAsync();
        var parent = await user.CreateTagAsync("p");
        var deep = "p/" + new string('d', 48); // 50 characters
        await user.CreateItemAsync("Deep", "", deep);

        (await user.Client.PutAsync($"{KmtApi.Tags}/{parent.Str("id")}", new { name = "longer-parent" })).ExpectValidation("name");
        var names = (await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray().Select(t => t!.Str("name")).ToList();
        Assert.All(names, n => Assert.True(n.Length <= 50, n));
        Assert.Equal(["p", deep], names);
        Assert.Equal([deep], await TagsOf(user, (await user.Client.GetAsync(KmtApi.Knowledge)).Data.AsArray()[0]!));
    }

    [Fact]
    public async Task Rename_and_delete_also_apply_to_items_in_the_trash()
    {
        var user = await host.RegisterAsync();
        var old = await user.CreateTagAsync("old");
        var gone = await user.CreateTagAsync("gone");
        var item = (await user.CreateItemAsync("Trashed", "", "old", "gone")).Str("id");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{item}")).Expect(HttpStatusCode.OK);

        (await user.Client.PutAsync($"{KmtApi.Tags}/{old.Str("id")}", new { name = "new" })).Expect(HttpStatusCode.OK);
        (await user.Client.DeleteAsync($"{KmtApi.Tags}/{gone.Str("id")}")).Expect(HttpStatusCode.OK);

        var restored = (await user.Client.PostAsync($"{KmtApi.Knowledge}/{item}/restore", null)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(["new"], restored.Strings("tags"));
        Assert.Equal([item], await user.ListIdsAsync("tag=new"));
    }

    [Fact]
    public async Task Item_counts_ignore_trashed_items()
    {
        var user = await host.RegisterAsync();
        await user.CreateItemAsync("Live", "", "counted");
        var trashed = (await user.CreateItemAsync("Trashed", "", "counted")).Str("id");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{trashed}")).Expect(HttpStatusCode.OK);
        var tag = Assert.Single((await user.Client.GetAsync(KmtApi.Tags)).Data.AsArray())!;
        Assert.Equal(1, tag.Int("item_count"));
    }

    private static async Task<List<string>> TagsOf(SignedInUser user, JsonNode item) =>
        (await user.Client.GetAsync($"{KmtApi.Knowledge}/{item.Str("id")}")).Expect(HttpStatusCode.OK).Data.Strings("tags");
}
