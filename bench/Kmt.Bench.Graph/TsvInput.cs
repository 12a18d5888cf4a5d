using System.Globalization;
using Kmt.Graph.Analytics;

namespace Kmt.Bench.Graph;

/// <summary>Reads the benchmark's TSV files: <c>u TAB v TAB weight</c> edges and <c>a TAB b</c> pairs.</summary>
internal static class TsvInput
{
    /// <summary>
    /// Builds the graph with <see cref="DuplicateEdgePolicy.Last"/>, as NetworkX's
    /// <c>read_weighted_edgelist</c> does; a missing weight is 1. Blank lines and '#' lines are skipped.
    /// </summary>
    public static WeightedGraph ReadEdges(string path)
    {
        var builder = new WeightedGraphBuilder();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var span = line.AsSpan();
            var t1 = span.IndexOf('\t');
            if (t1 < 0)
            {
                throw new FormatException($"Not an edge line: '{line}'");
            }

            var rest = span[(t1 + 1)..];
            var t2 = rest.IndexOf('\t');
            var v = t2 < 0 ? rest : rest[..t2];
            var weight = t2 < 0 ? 1.0 : double.Parse(rest[(t2 + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            builder.AddEdge(span[..t1].ToString(), v.ToString(), weight);
        }

        return builder.Build(DuplicateEdgePolicy.Last);
    }

    public static List<(string A, string B)> ReadPairs(string path)
    {
        var pairs = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 2)
            {
                throw new FormatException($"Not a pair line: '{line}'");
            }

            pairs.Add((parts[0], parts[1]));
        }

        return pairs;
    }
}
