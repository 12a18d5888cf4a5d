using System.Diagnostics;
using System.Text.Json;
using Kmt.Graph.Analytics;

namespace Kmt.Bench.Graph;

/// <summary>
/// Times each algorithm once on the input (after a warm-up on a small graph so that JIT compilation
/// is not counted, as in a long-running worker) and writes OUT.json in the format of
/// bench/README.md, plus OUT.json.sources (the betweenness sources, one node id a line) so that
/// NetworkX can run from the same sources.
/// </summary>
internal static class AnalyticsRun
{
    public static int Run(string edgesPath, string pairsPath, string outPath, int k, ulong seed)
    {
        WarmUp();
        var sw = Stopwatch.StartNew();
        var graph = TsvInput.ReadEdges(edgesPath);
        var pairNames = TsvInput.ReadPairs(pairsPath);
        var load = sw.Elapsed.TotalSeconds;

        sw.Restart();
        var pr = PageRank.Compute(graph);
        var tPageRank = sw.Elapsed.TotalSeconds;

        sw.Restart();
        var communities = Louvain.Detect(graph, new LouvainOptions { Seed = seed });
        var tCommunities = sw.Elapsed.TotalSeconds;

        sw.Restart();
        var pairs = new (int, int)[pairNames.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (graph.IndexOf(pairNames[i].A), graph.IndexOf(pairNames[i].B));
        }

        var lengths = ShortestPaths.HopDistances(graph, pairs);
        var tPaths = sw.Elapsed.TotalSeconds;

        sw.Restart();
        var exact = k <= 0 || k >= graph.NodeCount;
        var sources = exact ? null : Betweenness.SampleSources(graph, k, seed);
        var bc = Betweenness.Compute(graph, new BetweennessOptions { Sources = sources });
        var tBetweenness = sw.Elapsed.TotalSeconds;

        WriteJson(outPath, graph, load, tPageRank, tCommunities, tPaths, tBetweenness, pr.Scores, communities, lengths, bc);
        File.WriteAllLines(outPath + ".sources", sources is null ? [] : sources.Select(graph.IdOf));
        Console.Error.WriteLine(
            $"KMT nodes={graph.NodeCount} edges={graph.EdgeCount} load={load:F3}s pagerank={tPageRank:F4}s ({pr.Iterations} it) " +
            $"communities={tCommunities:F4}s ({communities.CommunityCount}, Q={communities.Modularity:F5}, {communities.Levels} levels) " +
            $"paths={tPaths:F4}s ({pairs.Length}) betweenness={tBetweenness:F4}s ({(exact ? "exact" : $"k={k}")}) threads={Environment.ProcessorCount}");
        return 0;
    }

    private static void WarmUp()
    {
        var builder = new WeightedGraphBuilder();
        for (var i = 0; i < 300; i++)
        {
            builder.AddEdge($"w{i}", $"w{(i * 7 + 1) % 300}", 1 + (i % 3));
            builder.AddEdge($"w{i}", $"w{(i + 1) % 300}", 2);
        }

        var g = builder.Build(DuplicateEdgePolicy.Last);
        for (var r = 0; r < 3; r++)
        {
            PageRank.Compute(g, new PageRankOptions { ParallelThreshold = 1 });
            PageRank.Compute(g);
            Louvain.Detect(g);
            ShortestPaths.HopDistances(g, [.. Enumerable.Range(0, 200).Select(i => (i, 299 - i))]);
            Betweenness.Compute(g, new BetweennessOptions { Sources = Betweenness.SampleSources(g, 50, 1) });
        }
    }

    private static void WriteJson(
        string path, WeightedGraph graph, double load, double pagerank, double communities, double paths, double betweenness,
        double[] pr, CommunityResult comm, int[] lengths, double[] bc)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("nodes", graph.NodeCount);
        w.WriteNumber("edges", graph.EdgeCount);
        w.WriteStartObject("seconds");
        w.WriteNumber("load", load);
        w.WriteNumber("pagerank", pagerank);
        w.WriteNumber("communities", communities);
        w.WriteNumber("paths", paths);
        w.WriteNumber("betweenness", betweenness);
        w.WriteEndObject();
        WriteTop(w, "pagerank_top20", graph, pr);
        w.WriteNumber("modularity", comm.Modularity);
        w.WriteNumber("communities", comm.CommunityCount);
        w.WriteStartArray("path_lengths");
        foreach (var l in lengths)
        {
            w.WriteNumberValue(l);
        }

        w.WriteEndArray();
        WriteTop(w, "betweenness_top20", graph, bc);
        w.WriteEndObject();
    }

    /// <summary>Top 20 by score, ties by node id (ordinal) so both sides sort alike.</summary>
    private static void WriteTop(Utf8JsonWriter w, string name, WeightedGraph graph, double[] scores)
    {
        var idx = Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => scores[i])
            .ThenBy(graph.IdOf, StringComparer.Ordinal)
            .Take(20);
        w.WriteStartArray(name);
        foreach (var i in idx)
        {
            w.WriteStartArray();
            w.WriteStringValue(graph.IdOf(i));
            w.WriteNumberValue(scores[i]);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }
}
