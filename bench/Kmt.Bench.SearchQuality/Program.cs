// Search-quality benchmark (bench/README.md, "Search quality"): known-item search over a corpus nobody wrote
// for KMT (make-corpus.py). Each document's short description is the query; the rank of that document in the
// first 10 results gives MRR@10 and recall@10 for KMT's keyword, semantic and hybrid modes (the product's
// KnowledgeSearchService over the embedded stores and MiniLM) and for plain BM25 (PlainBm25) in the same run.
// With --vector-scale it instead measures vector search over 10,000 items (VectorScale).
//
//   dotnet run -c Release -- CORPUS.jsonl DATA_DIR [--limit N] [--queries N] [--half tune|check] [--k 60] [--keyword-weight 1] [--semantic-weight 1]
//     [--title-weight 5] [--content-weight 1] [--tags-weight 2] [--phrases 1|0] [--modes keyword,semantic,hybrid]
//     [--fusion scores|rrf] [--keyword-score-weight 0.2] [--dump FILE] [--title-in-chunks 1]
//   dotnet run -c Release -- --vector-scale [ITEMS] [CHUNKS_PER_ITEM]
//   --model fp32|int8 embeds with the float32 or the int8 MiniLM (default: the product's default, int8; give
//   each its own DATA_DIR); --compare-models N compares the two on the chunks of the first N documents.
//   dotnet run -c Release -- --profile DATA_DIR SEARCH_BODIES [ROUNDS] [Kmt:Search:Fusion=Rrf ...]: the stages of a hybrid search timed one by one
//   over an existing store (SearchProfile), e.g. the DevHost data run-http.sh keeps with BENCH_KEEP_DATA=1.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Kmt.Documents;
using Kmt.Documents.Embeddings;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

if (args.Length > 0 && args[0] == "--vector-scale")
{
    await VectorScale.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length > 2 && args[0] == "--profile")
{
    var profileServices = new ServiceCollection();
    var profileConfiguration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kmt:Embedded:DataDirectory"] = args[1],
    }).AddInMemoryCollection(args.Skip(4).Where(a => a.Contains('=', StringComparison.Ordinal)).Select(a => KeyValuePair.Create(a[..a.IndexOf('=', StringComparison.Ordinal)], (string?)a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]))).Build();
    profileServices.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
    profileServices.AddKmtCore(profileConfiguration);
    profileServices.AddKmtEmbeddedStore(profileConfiguration);
    profileServices.AddKmtDocumentProcessing();
    await using var profileProvider = profileServices.BuildServiceProvider();
    await SearchProfile.RunAsync(profileProvider, args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Kmt.Bench.SearchQuality CORPUS.jsonl DATA_DIR [--limit N] [--k 60] [--keyword-weight 1] [--semantic-weight 1]");
    Environment.Exit(64);
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var corpus = CorpusDocument.Read(args[0]);
var limit = Option("--limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : corpus.Count;
corpus = corpus.Take(limit).ToList();
var searchOptions = new SearchOptions
{
    RankConstant = Option("--k") is { } k ? int.Parse(k, CultureInfo.InvariantCulture) : new SearchOptions().RankConstant,
    KeywordWeight = Option("--keyword-weight") is { } kw ? double.Parse(kw, CultureInfo.InvariantCulture) : new SearchOptions().KeywordWeight,
    SemanticWeight = Option("--semantic-weight") is { } sw ? double.Parse(sw, CultureInfo.InvariantCulture) : new SearchOptions().SemanticWeight,
    TitleWeight = Option("--title-weight") is { } tw ? double.Parse(tw, CultureInfo.InvariantCulture) : new SearchOptions().TitleWeight,
    ContentWeight = Option("--content-weight") is { } cw ? double.Parse(cw, CultureInfo.InvariantCulture) : new SearchOptions().ContentWeight,
    TagsWeight = Option("--tags-weight") is { } gw ? double.Parse(gw, CultureInfo.InvariantCulture) : new SearchOptions().TagsWeight,
    AdjacentPhrases = Option("--phrases") is { } ph ? ph != "0" : new SearchOptions().AdjacentPhrases,
    Fusion = Option("--fusion") is { } fu ? Enum.Parse<FusionMethod>(fu, ignoreCase: true) : new SearchOptions().Fusion,
    KeywordScoreWeight = Option("--keyword-score-weight") is { } ksw ? double.Parse(ksw, CultureInfo.InvariantCulture) : new SearchOptions().KeywordScoreWeight,
};

// --modes keyword,hybrid: only these KMT modes (a keyword-only run embeds no query and is quick to tune with).
var modes = Option("--modes") is { } m ? m.Split(',') : ["keyword", "semantic", "hybrid"];

var dataDirectory = args[1];
Directory.CreateDirectory(dataDirectory);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Kmt:Embedded:DataDirectory"] = dataDirectory,
}).Build();
var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
if (Option("--model") is { } modelChoice)
{
    services.AddSingleton(new MiniLmEmbeddingGenerator(new MiniLmOptions { Quantized = modelChoice != "fp32" }));
}

services.AddKmtCore(configuration);
services.AddKmtEmbeddedStore(configuration);
services.AddKmtDocumentProcessing();
await using var provider = services.BuildServiceProvider();
var items = provider.GetRequiredService<IKnowledgeStore>();
var embeddings = provider.GetRequiredService<IEmbeddingStore>();
var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
var chunker = provider.GetRequiredService<TextChunker>();
if (Option("--compare-models") is { } compared)
{
    await ModelComparison.RunAsync(corpus, chunker, int.Parse(compared, CultureInfo.InvariantCulture));
    return;
}

Console.WriteLine($"model: {generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId}");

// Ingestion once per data directory: the map from document id to item id says it is done.
var mapPath = Path.Combine(dataDirectory, $"items-{corpus.Count}.json");
Dictionary<string, string> itemIds;
string userId;
if (File.Exists(mapPath))
{
    var saved = JsonSerializer.Deserialize<SavedCorpus>(File.ReadAllText(mapPath))!;
    (userId, itemIds) = (saved.UserId, saved.ItemIds);
    Console.WriteLine($"corpus: {corpus.Count} documents already stored in {dataDirectory}");
}
else
{
    (userId, itemIds) = await Ingest.RunAsync(provider, corpus, items, embeddings, generator, chunker, Option("--title-in-chunks") == "1");
    File.WriteAllText(mapPath, JsonSerializer.Serialize(new SavedCorpus(userId, itemIds)));
}

var caller = new AuthenticatedUser(userId, Roles.User, Ids.New());
var search = new KnowledgeSearchService(items, embeddings, Options.Create(searchOptions), provider.GetRequiredService<IOptions<KmtLimits>>(), generator);
using var plain = new PlainBm25(corpus);
var byItem = itemIds.ToDictionary(p => p.Value, p => p.Key);

var results = new Dictionary<string, Measure>
{
    ["plain BM25 (OR)"] = new(),
};
foreach (var mode in modes)
{
    results["KMT " + mode] = new();
}

// Warm up the model and the vector index (not measured).
await search.SearchAsync(caller, new SearchInput("warm up", null, null, null, null, 1, 10, modes[^1]), default);
// --queries N: every (count/N)-th document's query (the whole corpus stays the collection searched).
var queryCount = Option("--queries") is { } qc ? Math.Min(int.Parse(qc, CultureInfo.InvariantCulture), corpus.Count) : corpus.Count;
var queries = Enumerable.Range(0, queryCount).Select(i => corpus[(int)((long)i * corpus.Count / queryCount)]).ToList();

// --half tune|check: a fixed split of those queries (even / odd positions), so weights tuned on one half are
// reported on the other, which they never saw.
if (Option("--half") is { } half)
{
    var parity = half == "tune" ? 0 : 1;
    queries = queries.Where((_, i) => i % 2 == parity).ToList();
}
if (Option("--dump") is { } dumpPath)
{
    await FusionDump.RunAsync(dumpPath, userId, queries, corpus, itemIds, items, embeddings, generator, searchOptions);
    return;
}

foreach (var document in queries)
{
    var clock = Stopwatch.StartNew();
    var peer = plain.Search(document.Query, 10);
    results["plain BM25 (OR)"].Add(peer.IndexOf(document.Id), clock.Elapsed.TotalMilliseconds);
    foreach (var mode in modes)
    {
        clock.Restart();
        List<string> found;
        try
        {
            var page = await search.SearchAsync(caller, new SearchInput(document.Query, null, null, null, null, 1, 10, mode), default);
            found = page.Items.Select(h => byItem.GetValueOrDefault(h.Item.Id) ?? "").ToList();
        }
        catch (ValidationException)
        {
            found = [];
        }

        results["KMT " + mode].Add(found.IndexOf(document.Id), clock.Elapsed.TotalMilliseconds);
    }
}

Console.WriteLine();
Console.WriteLine($"Known-item search, {corpus.Count} documents, {queries.Count} queries{(Option("--half") is { } h ? $" ({h} half)" : "")} (fusion {searchOptions.Fusion}: keyword score weight {searchOptions.KeywordScoreWeight} / RRF k={searchOptions.RankConstant}, weights keyword {searchOptions.KeywordWeight}, semantic {searchOptions.SemanticWeight}; BM25 title {searchOptions.TitleWeight}, content {searchOptions.ContentWeight}, tags {searchOptions.TagsWeight}, adjacent phrases {searchOptions.AdjacentPhrases})");
Console.WriteLine("| method | MRR@10 | recall@10 | mean ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (name, measure) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {measure.Mrr:F3} | {measure.Recall:F3} | {measure.MeanMs:F1} | {measure.P99Ms:F1} |"));
}

var baseline = results["plain BM25 (OR)"].Mrr;
if (results.ContainsKey("KMT hybrid"))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hybrid / plain BM25 MRR@10: {results["KMT hybrid"].Mrr / baseline:F2}; target MRR@10 >= 0.75: {(results["KMT hybrid"].Mrr >= 0.75 ? "PASS" : "MISS")}"));
}

internal sealed record SavedCorpus(string UserId, Dictionary<string, string> ItemIds);

/// <summary>Ranks (0-based, -1 = not in the first 10) and latencies of one method.</summary>
internal sealed class Measure
{
    private readonly List<int> _ranks = [];
    private readonly List<double> _milliseconds = [];

    public void Add(int rank, double milliseconds)
    {
        _ranks.Add(rank);
        _milliseconds.Add(milliseconds);
    }

    public double Mrr => _ranks.Average(r => r is >= 0 and < 10 ? 1.0 / (r + 1) : 0);

    public double Recall => _ranks.Average(r => r is >= 0 and < 10 ? 1.0 : 0);

    public double MeanMs => _milliseconds.Average();

    public double P99Ms => _milliseconds.Order().ElementAt((int)Math.Min(_milliseconds.Count - 1, Math.Ceiling(_milliseconds.Count * 0.99) - 1));
}
