using Kmt.Core.Graph;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

public class EntityResolverTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly Mock<IGraphStore> _graph = new();
    private readonly List<GraphWriteBatch> _applied = [];

    public EntityResolverTests()
    {
        _graph.Setup(g => g.ApplyAsync(It.IsAny<GraphWriteBatch>(), It.IsAny<CancellationToken>()))
            .Callback<GraphWriteBatch, CancellationToken>((b, _) => _applied.Add(b)).Returns(Task.CompletedTask);
        _graph.Setup(g => g.GetCurrentEdgesAsync("u", It.IsAny<string>(), null, It.IsAny<CancellationToken>())).ReturnsAsync([]);
    }

    private EntityResolver Resolver => new(_graph.Object, _clock);

    private void Existing(params GraphVertex[] vertices) =>
        _graph.Setup(g => g.FindEntitiesAsync("u", It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, IReadOnlyCollection<string> keys, CancellationToken _) =>
                vertices.Where(v => keys.Contains(v.NormalizedName) || v.Aliases.Any(keys.Contains)).ToList());

    private static GraphVertex Entity(string id, string key, DateTimeOffset recorded, params string[] aliases) => new()
    {
        Id = id, UserId = "u", Kind = GraphVertexKinds.Entity, Name = key, NormalizedName = key, Aliases = aliases,
        ValidFrom = recorded, RecordedAt = recorded, UpdatedAt = recorded,
    };

    [Fact]
    public async Task A_new_name_becomes_an_entity_with_a_deterministic_id_and_its_surface_form_as_alias()
    {
        Existing();

        var resolution = await Resolver.ResolveAsync("u", [new ItemMention("K8s", "concept", 2)], Start, CancellationToken.None);

        var entity = Assert.Single(resolution.Upserts);
        Assert.Equal((GraphIds.Entity("kubernetes"), "K8s", "kubernetes", "concept", Start), (entity.Id, entity.Name, entity.NormalizedName, entity.Category, entity.ValidFrom));
        Assert.Equal(["k8s"], entity.Aliases);
        Assert.Same(entity, resolution.ByKey["kubernetes"]);
    }

    [Fact]
    public async Task An_existing_entity_is_reused_and_learns_a_new_surface_form_once()
    {
        var kubernetes = Entity("en-k", "kubernetes", Start) with { Name = "Kubernetes" };
        Existing(kubernetes);

        var first = await Resolver.ResolveAsync("u", [new ItemMention("K8s", "concept", 1)], Start, CancellationToken.None);
        Assert.Equal(["k8s"], Assert.Single(first.Upserts).Aliases);
        Assert.Equal("en-k", first.ByKey["kubernetes"].Id);

        Existing(first.Upserts[0]);
        var again = await Resolver.ResolveAsync("u", [new ItemMention("k8s", "concept", 1), new ItemMention("Kubernetes", "concept", 1)], Start, CancellationToken.None);
        Assert.Empty(again.Upserts);
        Assert.Equal("en-k", again.ByKey["kubernetes"].Id);
    }

    [Fact]
    public async Task A_name_first_seen_in_lower_case_takes_its_capitalised_form_but_never_loses_one()
    {
        var kubernetes = Entity("en-k", "kubernetes", Start);
        Existing(kubernetes);

        var capitalised = await Resolver.ResolveAsync("u", [new ItemMention("Kubernetes", "concept", 1)], Start, CancellationToken.None);
        Assert.Equal(("en-k", "Kubernetes"), (Assert.Single(capitalised.Upserts).Id, capitalised.ByKey["kubernetes"].Name));

        Existing(capitalised.Upserts[0]);
        var lower = await Resolver.ResolveAsync("u", [new ItemMention("kubernetes", "concept", 1), new ItemMention("KUBERNETES", "concept", 1)], Start, CancellationToken.None);
        Assert.Empty(lower.Upserts);
        Assert.Equal("Kubernetes", lower.ByKey["kubernetes"].Name);
    }

    [Fact]
    public async Task Two_entities_sharing_a_key_are_merged_into_the_older_with_the_merge_recorded()
    {
        var older = Entity("en-old", "kubernetes", Start);
        var younger = Entity("en-young", "kube", Start.AddDays(1), "kubernetes");
        var edge = new GraphEdge { Id = "m1", UserId = "u", Label = GraphEdgeLabels.Mentions, FromId = "item", ToId = "en-young", Count = 1, ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start };
        _graph.Setup(g => g.GetCurrentEdgesAsync("u", "en-young", null, It.IsAny<CancellationToken>())).ReturnsAsync([edge]);
        Existing(older, younger);
        _clock.Advance(TimeSpan.FromDays(2));

        var resolution = await Resolver.ResolveAsync("u", [new ItemMention("Kubernetes", "concept", 1)], Start, CancellationToken.None);

        Assert.Equal("en-old", resolution.ByKey["kubernetes"].Id);
        Assert.Contains("kube", resolution.ByKey["kubernetes"].Aliases);
        var merge = Assert.Single(_applied);
        var loser = Assert.Single(merge.VertexUpserts, v => v.Id == "en-young");
        Assert.Equal(("en-old", (DateTimeOffset?)_clock.GetUtcNow()), (loser.MergedIntoId, loser.MergedAt));
        Assert.Equal([new EdgeExpiration("m1", _clock.GetUtcNow())], merge.EdgeExpirations);
        var moved = Assert.Single(merge.EdgeInserts);
        Assert.Equal(("item", "en-old", Start, _clock.GetUtcNow()), (moved.FromId, moved.ToId, moved.ValidFrom, moved.RecordedAt));
    }

    [Fact]
    public async Task A_merged_entity_resolves_to_its_survivor()
    {
        var survivor = Entity("en-s", "kubernetes", Start);
        var merged = Entity("en-m", "kube", Start) with { MergedIntoId = "en-s", MergedAt = Start };
        Existing(merged);
        _graph.Setup(g => g.GetVertexAsync("u", "en-s", It.IsAny<CancellationToken>())).ReturnsAsync(survivor);

        var resolution = await Resolver.ResolveAsync("u", [new ItemMention("Kube", "concept", 1)], Start, CancellationToken.None);

        Assert.Equal("en-s", resolution.ByKey["kube"].Id);
        Assert.Empty(_applied);
    }
}
