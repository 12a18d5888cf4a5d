// Graph builder and graph API cost for one person (bench/README.md, "Graph builder and graph API"):
// fills a fresh embedded store with N items (default 10,000) whose text names people, places and
// concepts from a fixed pool, then
//   1. floor: the mention extraction the applier needs (in-process text analysis) over every item;
//   2. build: GraphChangeApplier.ApplyManyAsync over every item in batches of B (default 100; B = 1 is
//      ApplyAsync item by item, as the queue trigger applies one message): analysis + entity resolution + diff + write;
//   3. reads: GET /graph's service (default snapshot) and the entity ranking (PageRank over the
//      person's graph), each run R times (default 30): p50 and p99;
//   4. live path (when L > 0): L items of a fresh person each with its graph-changes message, drained the way the
//      queue trigger did (GraphChangeApplier.ApplyAsync per message, item by item) and the way it does now
//      (ApplyPendingAsync per message: the first applies the person's pending items in one batch), for a burst
//      (all L written, then the messages) and a trickle (each message right after its item's write).
// Usage: dotnet run -c Release --project bench/Kmt.Bench.GraphBuild [items] [reads] [batch] [live]
using System.Diagnostics;
using System.Globalization;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Graph;
using Kmt.Core.Knowledge;
using Kmt.Documents;
using Kmt.Graph.Analytics.Knowledge;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var reads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var batchSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var live = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
var dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-bench-graph-" + Guid.NewGuid().ToString("N")[..8]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Kmt:Embedded:DataDirectory"] = dataDirectory,
    ["Kmt:GraphAnalytics:MaxVertices"] = "50000",
}).Build();
var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
services.AddKmtCore(configuration);
services.AddKmtEmbeddedStore(configuration);
services.AddKmtEmbeddedGraphStore(configuration);
services.AddKmtInProcessTextAnalyzer();
services.AddOptions<GraphAnalyticsOptions>().Bind(configuration.GetSection(GraphAnalyticsOptions.Section));
services.AddSingleton<GraphAnalyticsService>();
await using var provider = services.BuildServiceProvider();

var now = DateTimeOffset.UtcNow;
var user = new User { Id = Ids.New(), Email = "bench@example.org", NormalizedEmail = "bench@example.org", PasswordHash = "x", Role = Roles.User, CreatedAt = now, UpdatedAt = now, ETag = ETags.New() };
await provider.GetRequiredService<IUserStore>().CreateAsync(user, default);
var store = provider.GetRequiredService<IKnowledgeStore>();
var random = new Random(7);
string[] names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Claude Shannon", "Barbara Liskov", "Donald Knuth", "Edsger Dijkstra", "John von Neumann", "Tim Berners-Lee", "Margaret Hamilton"];
string[] places = ["London", "Cambridge", "Princeton", "Zurich", "Paris", "Berlin", "Tokyo", "Boston"];
string[] organisations = ["Microsoft", "IBM", "Bell Labs", "Xerox PARC", "CERN", "MIT"];
var filler = "the idea of memory and graphs returns in every chapter and the notes compare reading with review".Split(' ');
string Sentence() => string.Join(' ', Enumerable.Range(0, 12).Select(_ => filler[random.Next(filler.Length)]));
string Text()
{
    var parts = new List<string>();
    for (var s = 0; s < 8; s++)
    {
        parts.Add($"{names[random.Next(names.Length)]} worked in {places[random.Next(places.Length)]} with {organisations[random.Next(organisations.Length)]}; {Sentence()}.");
    }

    return string.Join(' ', parts);
}

var items = new List<KnowledgeItem>(count);
for (var i = 0; i < count; i++)
{
    var created = now.AddDays(-random.Next(0, 730));
    var item = new KnowledgeItem
    {
        Id = Ids.New(), UserId = user.Id, Title = $"Note {i}", Content = Text(), ContentType = "note", Tags = [$"topic/{i % 25}"],
        CreatedAt = created, UpdatedAt = created, AccessedAt = created, WordCount = 150, ETag = ETags.New(), GraphPendingSince = created,
    };
    item = item with { ContentLength = item.Content.Length };
    await store.CreateAsync(item, default);
    items.Add(item);
}

var extractor = provider.GetRequiredService<ItemMentionExtractor>();
var floor = Stopwatch.StartNew();
foreach (var item in items)
{
    await extractor.ExtractAsync(item, default);
}

floor.Stop();

var applier = provider.GetRequiredService<GraphChangeApplier>();
var build = Stopwatch.StartNew();
foreach (var chunk in items.Chunk(Math.Max(1, batchSize)))
{
    if (chunk.Length == 1)
    {
        await applier.ApplyAsync(new ItemKey(user.Id, chunk[0].Id), default);
    }
    else
    {
        await applier.ApplyManyAsync(chunk.Select(i => new ItemKey(user.Id, i.Id)).ToList(), default);
    }
}

build.Stop();

var caller = new AuthenticatedUser(user.Id, Roles.User, Ids.New());
var query = provider.GetRequiredService<GraphQueryService>();
var analytics = provider.GetRequiredService<GraphAnalyticsService>();
var view = await query.GetAsync(caller, new GraphRequest(), default);
var ranking = await analytics.RankEntitiesAsync(caller, null, default);
var snapshotMs = await TimeAsync(() => query.GetAsync(caller, new GraphRequest(), default));
var rankingMs = await TimeAsync(() => analytics.RankEntitiesAsync(caller, null, default));

Console.WriteLine(FormattableString.Invariant($"items={count} reads={reads} batch={batchSize} cores={Environment.ProcessorCount}"));
Console.WriteLine(FormattableString.Invariant($"floor (mention extraction only): {floor.Elapsed.TotalSeconds:F2} s, {count / floor.Elapsed.TotalSeconds:F0} items/s"));
Console.WriteLine(FormattableString.Invariant($"build (GraphChangeApplier):      {build.Elapsed.TotalSeconds:F2} s, {count / build.Elapsed.TotalSeconds:F0} items/s, {build.Elapsed / floor.Elapsed:F2}x the floor"));
Console.WriteLine(FormattableString.Invariant($"GET /graph service (default snapshot, {view.Snapshot.Vertices.Count} vertices): p50 {Percentile(snapshotMs, 50):F1} ms, p99 {Percentile(snapshotMs, 99):F1} ms"));
Console.WriteLine(FormattableString.Invariant($"GET /graph/entities service ({ranking.Entities.Count} ranked): p50 {Percentile(rankingMs, 50):F1} ms, p99 {Percentile(rankingMs, 99):F1} ms"));
if (live > 0)
{
    var texts = Enumerable.Range(0, live).Select(_ => Text()).ToList();
    // Each mode runs before and after the other (the store grows with every run): the mean of the two is reported.
    foreach (var burst in new[] { true, false })
    {
        var first = await LiveAsync(texts, batched: false, burst);
        var batched = await LiveAsync(texts, batched: true, burst);
        var second = await LiveAsync(texts, batched: false, burst);
        var batchedAgain = await LiveAsync(texts, batched: true, burst);
        double itemByItem = (first + second) / 2, together = (batched + batchedAgain) / 2;
        Console.WriteLine(FormattableString.Invariant(
            $"live {(burst ? "burst" : "trickle")} of {live}: item by item {live / itemByItem:F0} items/s ({live / first:F0}, {live / second:F0}), batched {live / together:F0} items/s ({live / batched:F0}, {live / batchedAgain:F0}), {itemByItem / together:F2}x"));
    }
}

Directory.Delete(dataDirectory, recursive: true);

// One fresh person; each text written as an item marked pending (as KnowledgeService writes do) with its message,
// drained in order: seconds from the first write to the last message applied, writes included (the same for both).
async Task<double> LiveAsync(List<string> texts, bool batched, bool burst)
{
    var person = user with { Id = Ids.New(), Email = $"live-{Guid.NewGuid():N}@example.org", NormalizedEmail = $"live-{Guid.NewGuid():N}@example.org" };
    await provider.GetRequiredService<IUserStore>().CreateAsync(person, default);
    var messages = new Queue<ItemKey>();
    async Task DrainAsync()
    {
        while (messages.TryDequeue(out var key))
        {
            _ = batched ? await applier.ApplyPendingAsync(key, default) : await applier.ApplyAsync(key, default);
        }
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < texts.Count; i++)
    {
        var at = DateTimeOffset.UtcNow;
        var item = new KnowledgeItem
        {
            Id = Ids.New(), UserId = person.Id, Title = $"Live {i}", Content = texts[i], ContentType = "note", Tags = [$"topic/{i % 25}"],
            CreatedAt = at, UpdatedAt = at, AccessedAt = at, WordCount = 150, ContentLength = texts[i].Length, ETag = ETags.New(), GraphPendingSince = at,
        };
        await store.CreateAsync(item, default);
        messages.Enqueue(new ItemKey(person.Id, item.Id));
        if (!burst)
        {
            await DrainAsync();
        }
    }

    await DrainAsync();
    clock.Stop();
    if ((await store.ListGraphPendingForUserAsync(person.Id, 1, default)).Count > 0)
    {
        throw new InvalidOperationException("The live path left items pending.");
    }

    return clock.Elapsed.TotalSeconds;
}

async Task<double[]> TimeAsync(Func<Task> read)
{
    var times = new double[reads];
    for (var i = 0; i < reads; i++)
    {
        var clock = Stopwatch.StartNew();
        await read();
        times[i] = clock.Elapsed.TotalMilliseconds;
    }

    Array.Sort(times);
    return times;
}

static double Percentile(double[] sorted, double p) =>
    sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
