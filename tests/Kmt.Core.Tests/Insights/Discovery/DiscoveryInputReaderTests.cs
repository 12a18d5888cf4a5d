using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Insights.Discovery;

/// <summary>The discovery input: vectors read a page of items at a time, and read once per run and instance.</summary>
public sealed class DiscoveryInputReaderTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly InMemoryKnowledgeStore _items = new();
    private readonly InMemoryEmbeddingStore _embeddings = new();
    private readonly InMemoryInsightRunStore _runs = new();

    [Fact]
    public async Task Each_items_vector_is_the_mean_of_its_own_chunks_read_in_one_batch_per_page()
    {
        var random = new Random(5);
        for (var i = 0; i < 600; i++)
        {
            var id = Item(i);
            if (i % 3 != 0)
            {
                _embeddings.Chunks[("u1", id)] = Enumerable.Range(0, 1 + (i % 4)).Select(c => Chunk(c, random)).ToArray();
            }
        }

        _embeddings.Chunks[("u2", "u2-item")] = [Chunk(0, random)]; // another person's vectors are never read

        var input = await Reader().ReadAsync("u1", null, AsOf, default);

        Assert.Equal(600, input.Items.Count);
        foreach (var item in input.Items)
        {
            var chunks = _embeddings.Chunks.GetValueOrDefault(("u1", item.Id));
            Assert.Equal(chunks is null ? null : DiscoveryInputReader.MeanVector(chunks), item.Vector);
        }

        Assert.Equal(3, _embeddings.BatchReads); // 600 items in pages of 250
    }

    [Fact]
    public async Task The_steps_of_a_run_read_the_stores_once_on_one_instance_and_again_after_the_last_step_or_with_the_cache_off()
    {
        for (var i = 0; i < 10; i++)
        {
            Item(i);
        }

        var run = new UserRun("u1", "run-1", InsightTriggers.Nightly, AsOf);
        _runs.Runs[("u1", "run-1")] = new InsightRun { UserId = "u1", RunId = "run-1", Trigger = InsightTriggers.Nightly, Status = "running", AsOf = AsOf, CreatedAt = AsOf, UpdatedAt = AsOf };

        var cached = Service(new DiscoveryOptions());
        await cached.FindDormantAsync(run, default);
        await cached.ForecastGapsAsync(run, default);
        await cached.RecommendAsync(run, default);
        Assert.Equal(1, _embeddings.BatchReads);

        await cached.RecommendAsync(run, default); // a retry of the last step, after it dropped the input
        Assert.Equal(2, _embeddings.BatchReads);

        var off = Service(new DiscoveryOptions { InputCacheItems = 0 });
        await off.FindDormantAsync(run, default);
        await off.ForecastGapsAsync(run, default);
        Assert.Equal(4, _embeddings.BatchReads);

        var tooSmall = Service(new DiscoveryOptions { InputCacheItems = 5 }); // the input (10 items) does not fit: read each time
        await tooSmall.FindDormantAsync(run, default);
        await tooSmall.ForecastGapsAsync(run, default);
        Assert.Equal(6, _embeddings.BatchReads);
    }

    private DiscoveryPipelineService Service(DiscoveryOptions options)
    {
        var store = new Mock<IInsightStore>();
        store.Setup(s => s.ListAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new DiscoveryPipelineService(Reader(), new DiscoveryInputCache(Options(options)), store.Object, _runs, Options(options), new FakeTimeProvider(AsOf));
    }

    private DiscoveryInputReader Reader() => new(
        _items, new InMemoryActivityStore(), _embeddings, _runs, Mock.Of<IEmbeddingGenerator<string, Embedding<float>>>(),
        Options(new DiscoveryOptions()), Options(new InsightOptions()));

    private string Item(int i)
    {
        var id = $"item-{i:D4}";
        var created = AsOf.AddDays(-100).AddMinutes(i);
        _items.Items[("u1", id)] = new KnowledgeItem
        {
            Id = id, UserId = "u1", Title = $"Item {i}", ContentType = "note", CreatedAt = created, UpdatedAt = created, AccessedAt = created, ETag = ETags.New(), Tags = [$"t{i % 3}"],
        };
        return id;
    }

    private static ChunkEmbedding Chunk(int index, Random random) =>
        new(index, index * 100, 100, "m", Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray());
}
