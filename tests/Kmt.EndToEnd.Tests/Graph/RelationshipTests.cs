using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Graph;

/// <summary>knowledge/{id}/relationships: CRUD, ETags, tenant isolation, bad input, and the graph that shows them.</summary>
[Collection(DevHostCollection.Name)]
public sealed class RelationshipTests(DevHostFixture host)
{
    [GraphFact]
    public async Task Create_list_replace_and_delete_a_relationship()
    {
        var user = await host.RegisterAsync();
        var source = (await user.CreateItemAsync("Claim", "")).Str("id");
        var target = (await user.CreateItemAsync("Evidence", "")).Str("id");

        var created = (await user.Client.PostAsync(GraphApi.Relationships(source), new { target_id = target, relationship_type = "Supports", strength = 0.8, metadata = new { note = "page 3" } }))
            .Expect(HttpStatusCode.Created);
        var rel = created.Data;
        var relId = rel.Str("id");
        Assert.Equal($"/api/v1/knowledge/{source}/relationships/{relId}", created.Header("Location"));
        Assert.Equal(rel.Str("etag"), created.Header("ETag"));
        Assert.Equal((source, target, "supports", 0.8, "page 3"), (rel.Str("source_id"), rel.Str("target_id"), rel.Str("relationship_type"), rel["strength"]!.GetValue<double>(), rel["metadata"]!["note"]!.GetValue<string>()));

        // Listed on both ends.
        Assert.Equal([relId], KmtApi.Ids((await user.Client.GetAsync(GraphApi.Relationships(source))).Expect(HttpStatusCode.OK).Data));
        Assert.Equal([relId], KmtApi.Ids((await user.Client.GetAsync(GraphApi.Relationships(target))).Expect(HttpStatusCode.OK).Data));

        // A second identical relationship conflicts.
        (await user.Client.PostAsync(GraphApi.Relationships(source), new { target_id = target, relationship_type = "supports" })).ExpectError(HttpStatusCode.Conflict, "CONFLICT");

        // PUT replaces type, strength and metadata; the ETag changes; a stale If-Match is refused.
        var replaced = (await user.Client.PutAsync($"{GraphApi.Relationships(source)}/{relId}", new { relationship_type = "contradicts" }, KmtApi.IfMatch(rel.Str("etag"))))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("contradicts", replaced.Data.Str("relationship_type"));
        Assert.Equal(1.0, replaced.Data["strength"]!.GetValue<double>());
        Assert.Empty(replaced.Data["metadata"]!.AsObject());
        Assert.NotEqual(rel.Str("etag"), replaced.Header("ETag"));
        (await user.Client.PutAsync($"{GraphApi.Relationships(source)}/{relId}", new { relationship_type = "x" }, KmtApi.IfMatch(rel.Str("etag"))))
            .ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");

        // The graph view shows the link.
        var graph = await user.GraphAsync($"center={source}&depth=1");
        var link = Assert.Single(graph.Edges("links_to"));
        Assert.Equal((source, target, "contradicts"), (link.Str("source"), link.Str("target"), link.Str("relationship_type")));

        (await user.Client.DeleteAsync($"{GraphApi.Relationships(source)}/{relId}")).Expect(HttpStatusCode.OK);
        Assert.Empty((await user.Client.GetAsync(GraphApi.Relationships(source))).Expect(HttpStatusCode.OK).Data.AsArray());
        (await user.Client.DeleteAsync($"{GraphApi.Relationships(source)}/{relId}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [GraphFact]
    public async Task Another_users_items_and_relationships_are_not_found()
    {
        var owner = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var mine = (await owner.CreateItemAsync("Mine", "")).Str("id");
        var mine2 = (await owner.CreateItemAsync("Mine too", "")).Str("id");
        var theirs = (await other.CreateItemAsync("Theirs", "")).Str("id");
        var relId = (await owner.Client.PostAsync(GraphApi.Relationships(mine), new { target_id = mine2, relationship_type = "related" })).Expect(HttpStatusCode.Created).Data.Str("id");

        // Linking to someone else's item, or from it.
        (await owner.Client.PostAsync(GraphApi.Relationships(mine), new { target_id = theirs, relationship_type = "related" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.PostAsync(GraphApi.Relationships(mine), new { target_id = theirs, relationship_type = "related" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        // Reading, replacing or deleting the owner's relationship.
        (await other.Client.GetAsync(GraphApi.Relationships(mine))).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.PutAsync($"{GraphApi.Relationships(theirs)}/{relId}", new { relationship_type = "x" })).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        (await other.Client.DeleteAsync($"{GraphApi.Relationships(theirs)}/{relId}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        // A relationship under an item it does not touch.
        var unrelated = (await owner.CreateItemAsync("Unrelated", "")).Str("id");
        (await owner.Client.DeleteAsync($"{GraphApi.Relationships(unrelated)}/{relId}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");

        // The graph around the owner's item.
        (await other.Client.GetAsync($"{GraphApi.Graph}?center={mine}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await other.GraphAsync("")).Edges("links_to"));
        Assert.Single((await owner.Client.GetAsync(GraphApi.Relationships(mine))).Expect(HttpStatusCode.OK).Data.AsArray());
    }

    [GraphFact]
    public async Task Bad_input_is_a_400_in_the_envelope()
    {
        var user = await host.RegisterAsync();
        var source = (await user.CreateItemAsync("Source", "")).Str("id");
        var target = (await user.CreateItemAsync("Target", "")).Str("id");
        var path = GraphApi.Relationships(source);

        (await user.Client.PostAsync(path, new { target_id = target })).ExpectValidation("relationship_type");
        (await user.Client.PostAsync(path, new { target_id = target, relationship_type = "has space" })).ExpectValidation("relationship_type");
        (await user.Client.PostAsync(path, new { target_id = target, relationship_type = "ok", strength = 2 })).ExpectValidation("strength");
        (await user.Client.PostAsync(path, new { relationship_type = "ok" })).ExpectValidation("target_id");
        (await user.Client.PostAsync(path, new { target_id = "not-an-id", relationship_type = "ok" })).ExpectValidation("target_id");
        (await user.Client.PostAsync(path, new { target_id = source, relationship_type = "ok" })).ExpectValidation("target_id");
        (await user.Client.PostAsync(path, new { target_id = target, relationship_type = "ok", metadata = "text" })).ExpectValidation("metadata");
        (await user.Client.PostAsync(path, new { target_id = target, relationship_type = "ok", strength = "high" })).Expect(HttpStatusCode.BadRequest);

        (await user.Client.GetAsync($"{GraphApi.Graph}?as_of=yesterday")).ExpectValidation("as_of");
        (await user.Client.GetAsync($"{GraphApi.Graph}?known_at=2025-13-01")).ExpectValidation("known_at");
        (await user.Client.GetAsync($"{GraphApi.Graph}?center={source}&depth=0")).ExpectValidation("depth");
        (await user.Client.GetAsync($"{GraphApi.Graph}?center={source}&depth=99")).ExpectValidation("depth");
        (await user.Client.GetAsync($"{GraphApi.Graph}?limit=abc")).ExpectValidation("limit");
        (await user.Client.GetAsync($"{GraphApi.Graph}?center=nope")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [GraphFact]
    public async Task Permanently_deleting_an_item_removes_it_and_its_relationships_from_the_graph()
    {
        var user = await host.RegisterAsync();
        var source = (await user.CreateItemAsync("Source", "")).Str("id");
        var target = (await user.CreateItemAsync("Target", "")).Str("id");
        (await user.Client.PostAsync(GraphApi.Relationships(source), new { target_id = target, relationship_type = "cites" })).Expect(HttpStatusCode.Created);

        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{target}?permanent=true")).Expect(HttpStatusCode.OK);

        (await user.Client.GetAsync($"{GraphApi.Graph}?center={target}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Client.GetAsync(GraphApi.Relationships(source))).Expect(HttpStatusCode.OK).Data.AsArray());
        var graph = await user.GraphAsync($"center={source}&depth=2");
        Assert.DoesNotContain(graph["nodes"]!.AsArray(), n => n!.Str("id") == target);
        Assert.Empty(graph.Edges("links_to"));
    }
}
