using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// Where a hybrid search's time goes (bench/README.md, "Where a search's time goes"): over an existing store
/// (for example the DevHost data directory run-http.sh keeps with BENCH_KEEP_DATA=1), each stage of
/// KnowledgeSearchService's hybrid search timed on its own, one query at a time, for the queries of a
/// search-bodies.txt file: the query embedding, the vector search, reading the semantic candidates, the BM25
/// candidate pool, and the whole search. Single-threaded wall time on a quiet machine is close to CPU time.
/// </summary>
internal static class SearchProfile
{
    public static async Task RunAsync(IServiceProvider provider, string dataDirectory, string bodiesPath, int rounds)
    {
        var items = provider.GetRequiredService<IKnowledgeStore>();
        var embeddings = provider.GetRequiredService<IEmbeddingStore>();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var options = provider.GetRequiredService<IOptions<SearchOptions>>();
        var limits = provider.GetRequiredService<IOptions<KmtLimits>>();
        var search = new KnowledgeSearchService(items, embeddings, options, limits, generator);
        var userId = BusiestUser(Path.Combine(dataDirectory, "kmt.db"));
        var caller = new AuthenticatedUser(userId, Roles.User, Ids.New());
        var queries = File.ReadAllLines(bodiesPath)
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("query").GetString()!)
            .ToList();
        var pool = options.Value.CandidatePool;
        var stages = new Dictionary<string, List<double>>();
        void Add(string stage, double ms) => (stages.TryGetValue(stage, out var list) ? list : stages[stage] = []).Add(ms);

        // Warm-up: the model sessions, the person's vector index, SQLite's page cache.
        foreach (var q in queries)
        {
            await search.SearchAsync(caller, new SearchInput(q, null, null, null, null, 1, 10, "hybrid"), default);
        }

        var clock = new Stopwatch();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var text in queries)
            {
                var query = new KnowledgeSearchQuery
                {
                    UserId = userId,
                    Query = AnyTermQuery.From(SearchQueryParser.Parse(text)),
                    Skip = 0,
                    Take = 10,
                };

                clock.Restart();
                var embedded = (await generator.GenerateAsync([text])).Single();
                Add("1 embed the query (MiniLM)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                var nearest = await embeddings.NearestAsync(userId, embedded.ModelId!, embedded.Vector, pool, default);
                Add($"2 vector search (top {pool} items)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                foreach (var batch in nearest.Select(n => n.ItemId).Chunk(16))
                {
                    await Task.WhenAll(batch.Select(id => items.GetAsync(userId, id, default)));
                }

                Add($"3 read the {nearest.Count} semantic candidates (GetAsync)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await items.SearchAsync(query with { Take = pool }, default);
                Add($"4 BM25 candidates (FTS5, take {pool}, with snippets)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                var pooled = await items.SearchAsync(query with { Take = pool, WithSnippets = false }, default);
                Add($"4b BM25 candidates (FTS5, take {pool}, no snippets)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                var ids = pooled.Hits.Take(10).Select(h => h.Item.Id).ToList();
                await items.SearchAsync(query with { Take = ids.Count, ItemIds = ids }, default);
                Add("4c snippets of 10 of them (FTS5, ItemIds)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await items.SearchAsync(query, default);
                Add("5 BM25 first page (FTS5, take 10, with snippets)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await search.SearchAsync(caller, new SearchInput(text, null, null, null, null, 1, 10, "hybrid"), default);
                Add("6 whole hybrid search (KnowledgeSearchService)", clock.Elapsed.TotalMilliseconds);

                clock.Restart();
                await search.SearchAsync(caller, new SearchInput(text, null, null, null, null, 1, 10, "keyword"), default);
                Add("7 whole keyword search", clock.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"Search profile: user {userId}, {queries.Count} queries x {rounds} rounds, one at a time");
        Console.WriteLine("| stage | mean ms | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (stage, ms) in stages.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var sorted = ms.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {ms.Average():F2} | {sorted[sorted.Count / 2]:F2} | {sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.99) - 1)]:F2} |"));
        }
    }

    private static string BusiestUser(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id FROM knowledge_items GROUP BY user_id ORDER BY count(*) DESC LIMIT 1";
        return (string)command.ExecuteScalar()!;
    }
}
