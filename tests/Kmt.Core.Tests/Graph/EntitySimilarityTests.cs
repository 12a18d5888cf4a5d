using Kmt.Core.Graph;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Graph;

/// <summary>Resolution by embedding similarity: a close name joins an entity only with the graph's support, and the merge is recorded.</summary>
public class EntitySimilarityTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly Mock<IGraphStore> _graph = new();
    private readonly FakeNameEmbedder _embedder = new();
    private readonly EntityResolutionOptions _options = new();
    private GraphVertex[] _existing = [];

    public EntitySimilarityTests()
    {
        _graph.Setup(g => g.FindEntitiesAsync("u", It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, IReadOnlyCollection<string> keys, CancellationToken _) =>
                _existing.Where(v => keys.Contains(v.NormalizedName) || v.Aliases.Any(keys.Contains)).ToList());
        _graph.Setup(g => g.ListEntitiesAsync("u", It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, int limit, CancellationToken _) => _existing.Where(v => v.MergedIntoId is null).Take(limit).ToList());
        _graph.Setup(g => g.GetCurrentEdgesAsync("u", It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
    }

    private EntityResolver Resolver(bool withModel = true)
    {
        var options = Options(_options);
        var names = withModel ? new EntityNameEmbeddings(options, _embedder) : new EntityNameEmbeddings(options);
        return new EntityResolver(_graph.Object, _clock, new EntitySimilarity(_graph.Object, names, options));
    }

    private static GraphVertex Entity(string id, string name, string category = "concept") => new()
    {
        Id = id, UserId = "u", Kind = GraphVertexKinds.Entity, Name = name, NormalizedName = EntityNames.Key(name), Category = category,
        ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start,
    };

    /// <summary>Items that mention each entity (the mentions edges the evidence reads).</summary>
    private void Mentioned(string entityId, params string[] itemIds) =>
        _graph.Setup(g => g.GetCurrentEdgesAsync("u", entityId, GraphEdgeLabels.Mentions, It.IsAny<CancellationToken>()))
            .ReturnsAsync(itemIds.Select(i => new GraphEdge
            {
                Id = i + entityId, UserId = "u", Label = GraphEdgeLabels.Mentions, FromId = i, ToId = entityId, ValidFrom = Start, RecordedAt = Start, UpdatedAt = Start,
            }).ToList());

    private Task<EntityResolution> ResolveAsync(EntityResolver resolver, params ItemMention[] mentions) =>
        resolver.ResolveAsync("u", mentions, Start, CancellationToken.None, "item-9");

    [Fact]
    public async Task A_close_name_with_a_shared_co_occurring_entity_becomes_an_alias_and_the_merge_is_recorded()
    {
        _existing = [Entity("en-k", "Kubernetes"), Entity("en-d", "Docker")];
        Mentioned("en-k", "item-1", "item-2");
        Mentioned("en-d", "item-2");

        var resolution = await ResolveAsync(Resolver(), new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));

        var entity = resolution.ByKey["kubernetes cluster"];
        Assert.Equal("en-k", entity.Id);
        Assert.Contains("kubernetes cluster", entity.Aliases);
        var merge = Assert.Single(entity.Merges);
        Assert.Equal(("Kubernetes cluster", "kubernetes cluster", EntityMerge.EmbeddingMethod, "item-9", Start, (string?)null),
            (merge.Name, merge.NormalizedName, merge.Method, merge.ItemId, merge.MergedAt, merge.FromId));
        Assert.Equal(["Docker"], merge.Evidence);
        Assert.InRange(merge.Score!.Value, _options.MinCosine, 1);
        Assert.Contains(resolution.Upserts, v => v.Id == "en-k" && v.Merges.Count == 1);
        Assert.DoesNotContain(resolution.Upserts, v => v.NormalizedName == "kubernetes cluster");
    }

    [Fact]
    public async Task A_close_name_without_support_in_the_graph_stays_a_new_entity()
    {
        _existing = [Entity("en-k", "Kubernetes"), Entity("en-d", "Docker")];
        Mentioned("en-k", "item-1");
        Mentioned("en-d", "item-2"); // Docker never appears with Kubernetes

        var resolution = await ResolveAsync(Resolver(), new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));

        Assert.Equal(GraphIds.Entity("kubernetes cluster"), resolution.ByKey["kubernetes cluster"].Id);
        Assert.All(resolution.Upserts, v => Assert.Empty(v.Merges));
    }

    [Fact]
    public async Task A_name_below_the_threshold_or_of_another_category_is_not_merged()
    {
        _existing = [Entity("en-k", "Kubernetes"), Entity("en-d", "Docker"), Entity("en-p", "Paris", "location")];
        Mentioned("en-k", "item-1");
        Mentioned("en-p", "item-1");
        Mentioned("en-d", "item-1");

        var resolution = await ResolveAsync(Resolver(),
            new ItemMention("Paris, France", "concept", 1), new ItemMention("Kubernetes cluster", "person", 1), new ItemMention("Docker", "concept", 1));

        Assert.Equal(GraphIds.Entity("paris france"), resolution.ByKey["paris france"].Id); // close to Paris, but Paris is a location
        Assert.Equal(GraphIds.Entity("kubernetes cluster"), resolution.ByKey["kubernetes cluster"].Id); // a person: no concept candidate
        _options.MinCosine = 0.999;
        var strict = await ResolveAsync(Resolver(), new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));
        Assert.Equal(GraphIds.Entity("kubernetes cluster"), strict.ByKey["kubernetes cluster"].Id);
    }

    [Fact]
    public async Task Without_a_model_or_when_disabled_resolution_uses_keys_and_aliases_only()
    {
        _existing = [Entity("en-k", "Kubernetes"), Entity("en-d", "Docker")];
        Mentioned("en-k", "item-1");
        Mentioned("en-d", "item-1");

        var noModel = await ResolveAsync(Resolver(withModel: false), new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));
        _options.EmbeddingEnabled = false;
        var disabled = await ResolveAsync(Resolver(), new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));

        Assert.Equal(GraphIds.Entity("kubernetes cluster"), noModel.ByKey["kubernetes cluster"].Id);
        Assert.Equal(GraphIds.Entity("kubernetes cluster"), disabled.ByKey["kubernetes cluster"].Id);
        Assert.Equal(0, _embedder.Calls);
        _graph.Verify(g => g.ListEntitiesAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Names_are_embedded_in_one_batch_and_cached_across_resolutions()
    {
        _existing = [Entity("en-k", "Kubernetes"), Entity("en-d", "Docker")];
        Mentioned("en-k", "item-1");
        Mentioned("en-d", "item-2");
        var resolver = Resolver();

        await ResolveAsync(resolver, new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));
        await ResolveAsync(resolver, new ItemMention("Kubernetes cluster", "concept", 1), new ItemMention("Docker", "concept", 1));

        Assert.Equal(1, _embedder.Calls);
        Assert.Equal(["Kubernetes cluster", "Kubernetes", "Docker"], _embedder.Embedded);
    }

    [Fact]
    public async Task A_merge_by_key_is_recorded_on_the_survivor()
    {
        var older = Entity("en-old", "Kubernetes");
        var younger = Entity("en-new", "kubernetes platform") with { RecordedAt = Start.AddDays(1), Aliases = ["kubernetes"] };
        _existing = [older, younger];

        var resolution = await ResolveAsync(Resolver(), new ItemMention("Kubernetes", "concept", 1));

        var survivor = resolution.ByKey["kubernetes"];
        Assert.Equal("en-old", survivor.Id);
        var merge = Assert.Single(survivor.Merges);
        Assert.Equal(("en-new", EntityMerge.KeyMethod, "kubernetes platform"), (merge.FromId, merge.Method, merge.NormalizedName));
    }

    /// <summary>
    /// A small embedding space standing in for MiniLM (whose real scores tests/Kmt.Documents.Tests checks):
    /// variants of a name point the same way, different things elsewhere.
    /// </summary>
    private sealed class FakeNameEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        private static readonly Dictionary<string, float[]> Space = new(StringComparer.Ordinal)
        {
            ["Kubernetes"] = [1, 0, 0, 0],
            ["Kubernetes cluster"] = [0.93f, 0.37f, 0, 0],
            ["Docker"] = [0.4f, 0, 0.9f, 0],
            ["Paris"] = [0, 0, 0, 1],
            ["Paris, France"] = [0, 0.2f, 0, 0.98f],
        };

        public int Calls { get; private set; }

        public List<string> Embedded { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var list = values.ToList();
            Embedded.AddRange(list);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(list.Select(v => new Embedding<float>(Space[v]))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
