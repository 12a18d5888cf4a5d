// The nightly discovery steps for one person (bench/README.md, "Discovery steps"): fills a fresh embedded
// store with N items (default 10,000) with 3 chunk vectors of 384 dimensions each, reading sessions for
// a third of them and 40 recent searches, creates an insight run, then times the three discovery steps
// (dormant, gaps, recommendations: DiscoveryPipelineService, as the activities call it) R times each
// (default 3) in three set-ups of the same code:
//   1. before: one embedding query per item (an IEmbeddingStore whose batch read makes the per-item
//      reads the reader used to make) and no input cache, so each step reads everything again;
//   2. batched embedding reads (one query per page of items), no input cache (steps on different instances);
//   3. batched reads and the input cache (steps on one instance: the first step reads, the others reuse).
// Usage: dotnet run -c Release --project bench/Kmt.Bench.Discovery [items] [runs]
using System.Diagnostics;
using System.Globalization;
using Kmt.Bench.Discovery;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Insights;
using Kmt.Core.Insights.Discovery;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Dimensions = 384;
var dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-bench-discovery-" + Guid.NewGuid().ToString("N")[..8]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Kmt:Embedded:DataDirectory"] = dataDirectory,
    ["Kmt:Insights:MaxItemsPerSnapshot"] = count.ToString(CultureInfo.InvariantCulture),
}).Build();
var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
services.AddKmtCore(configuration);
services.AddKmtEmbeddedStore(configuration);
services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingGenerator(Dimensions));
await using var provider = services.BuildServiceProvider();

var now = DateTimeOffset.UtcNow;
var user = new User { Id = Ids.New(), Email = "bench@example.org", NormalizedEmail = "bench@example.org", PasswordHash = "x", Role = Roles.User, CreatedAt = now, UpdatedAt = now, ETag = ETags.New() };
await provider.GetRequiredService<IUserStore>().CreateAsync(user, default);
var items = provider.GetRequiredService<IKnowledgeStore>();
var activities = provider.GetRequiredService<IActivityStore>();
var embeddings = provider.GetRequiredService<IEmbeddingStore>();
var random = new Random(7);

var seed = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    var created = now.AddMinutes(-random.Next(60, 730 * 24 * 60));
    var item = new KnowledgeItem
    {
        Id = Ids.New(), UserId = user.Id, Title = $"Item {i}", Content = "words", ContentType = "note", Tags = [$"topic/{i % 40}", $"area/{i % 7}"],
        CreatedAt = created, UpdatedAt = created, AccessedAt = created, WordCount = 800, ETag = ETags.New(), ContentLength = 5,
    };
    await items.CreateAsync(item, default);
    await embeddings.ReplaceAsync(user.Id, item.Id, Enumerable.Range(0, 3).Select(c => new ChunkEmbedding(c, c * 500, 500, HashingGenerator.Model, Vector(random))).ToArray(), default);
    if (i % 3 == 0)
    {
        var start = created.AddHours(random.Next(1, 200));
        await activities.UpsertSessionAsync(new ReadingSession
        {
            Id = Ids.New(), UserId = user.Id, KnowledgeItemId = item.Id, StartTime = start, EndTime = start.AddMinutes(5), DurationSeconds = 300,
            CompletionPercentage = 80, ReadingSpeedWpm = 200, CreatedAt = start, UpdatedAt = start,
        }, default);
    }
}

await activities.AddAsync(user.Id, Enumerable.Range(0, 40).Select(s =>
{
    var at = now.AddHours(-random.Next(1, 13 * 24));
    return SearchHistory.Create(Ids.New(), user.Id, at, at, $$"""{"query":"topic {{s % 40}} question {{s}}","results":3}""");
}).ToArray(), default);

var runId = Ids.New();
await provider.GetRequiredService<IInsightRunStore>().CreateRunAsync(
    new InsightRun { UserId = user.Id, RunId = runId, Trigger = InsightTriggers.Refresh, Status = InsightRunStatuses.Running, AsOf = now, CreatedAt = now, UpdatedAt = now }, default);
Console.WriteLine($"seeded {count} items x 3 chunks of {Dimensions} floats, {count / 3 + 1} sessions, 40 searches in {seed.Elapsed.TotalSeconds:F1} s");

var run = new UserRun(user.Id, runId, InsightTriggers.Refresh, now);

// The query plan of the batch read, as the bundled SQLite makes it.
await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={provider.GetRequiredService<Kmt.Storage.Embedded.Sqlite.SqliteDatabase>().DatabasePath}"))
{
    await connection.OpenAsync();
    await using var plan = connection.CreateCommand();
    plan.CommandText = "EXPLAIN QUERY PLAN SELECT item_id, chunk_index, start, length, model, vector FROM item_embeddings WHERE user_id = 'u' AND item_id IN (SELECT value FROM json_each('[\"a\"]')) ORDER BY item_id, chunk_index";
    await using var rows = await plan.ExecuteReaderAsync();
    while (await rows.ReadAsync())
    {
        Console.WriteLine($"  plan: {rows.GetString(3)}");
    }
}

// The embedding reads alone, per item and per page taking turns so both see the same machine load.
var allIds = new List<string>();
for (KeysetPosition? position = null; ;)
{
    var page = await items.ListAsync(new KnowledgeListQuery { UserId = user.Id, After = position, Take = 250 }, default);
    allIds.AddRange(page.Items.Select(i => i.Id));
    if ((position = page.Next) is null)
    {
        break;
    }
}

var readTimes = (PerItem: new List<double>(), Batched: new List<double>());
for (var r = 0; r < runs; r++)
{
    var watch = Stopwatch.StartNew();
    foreach (var id in allIds)
    {
        await embeddings.GetAsync(user.Id, id, default);
    }

    readTimes.PerItem.Add(watch.Elapsed.TotalMilliseconds);
    watch.Restart();
    foreach (var page in allIds.Chunk(250))
    {
        await embeddings.GetManyAsync(user.Id, page, default);
    }

    readTimes.Batched.Add(watch.Elapsed.TotalMilliseconds);
}

Console.WriteLine($"vectors of {allIds.Count} items: per item median {Median(readTimes.PerItem):F0} ms ({allIds.Count} queries), per page of 250 median {Median(readTimes.Batched):F0} ms ({(allIds.Count + 249) / 250} queries): {Median(readTimes.PerItem) / Median(readTimes.Batched):F1}x");

var perItem = new PerItemEmbeddingStore(embeddings);
var counting = new PerItemEmbeddingStore(embeddings, batch: true);
var before = await TimeStepsAsync("before: per-item vector reads, each step reads", Pipeline(perItem, cache: false), perItem);
var batched = await TimeStepsAsync("batched vector reads, each step reads", Pipeline(counting, cache: false), counting);
var cached = await TimeStepsAsync("batched vector reads, input cached per run", Pipeline(counting, cache: true), counting);
Console.WriteLine($"three steps, median: before {before:F0} ms, batched {batched:F0} ms ({before / batched:F1}x), batched + cache {cached:F0} ms ({before / cached:F1}x)");

Directory.Delete(dataDirectory, recursive: true);

DiscoveryPipelineService Pipeline(IEmbeddingStore store, bool cache)
{
    var options = Options.Create(new DiscoveryOptions { InputCacheItems = cache ? 50_000 : 0 });
    var reader = new DiscoveryInputReader(
        items, activities, store, provider.GetRequiredService<IInsightRunStore>(), provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
        options, provider.GetRequiredService<IOptions<InsightOptions>>());
    return new DiscoveryPipelineService(
        reader, new DiscoveryInputCache(options), provider.GetRequiredService<IInsightStore>(), provider.GetRequiredService<IInsightRunStore>(), options, TimeProvider.System);
}

async Task<double> TimeStepsAsync(string name, DiscoveryPipelineService pipeline, PerItemEmbeddingStore store)
{
    await pipeline.FindDormantAsync(run, default); // warm-up: JIT, and the insights written once
    await pipeline.ForecastGapsAsync(run, default);
    var found = await pipeline.RecommendAsync(run, default);
    var times = new List<double>();
    long queries = 0;
    for (var r = 0; r < runs; r++)
    {
        store.Queries = 0;
        var watch = Stopwatch.StartNew();
        var dormant = await pipeline.FindDormantAsync(run, default);
        var afterDormant = watch.Elapsed.TotalMilliseconds;
        await pipeline.ForecastGapsAsync(run, default);
        await pipeline.RecommendAsync(run, default);
        times.Add(watch.Elapsed.TotalMilliseconds);
        queries = store.Queries;
        if (r == 0)
        {
            Console.WriteLine($"  {name}: first step {afterDormant:F0} ms ({dormant} dormant, {found} recommendations)");
        }
    }

    times.Sort();
    var median = times[times.Count / 2];
    Console.WriteLine($"{name}: three steps median {median:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms; embedding queries per run {queries} ({runs} runs)");
    return median;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static float[] Vector(Random random)
{
    var v = new float[Dimensions];
    for (var d = 0; d < v.Length; d++)
    {
        v[d] = (float)(random.NextDouble() - 0.5);
    }

    return v;
}
