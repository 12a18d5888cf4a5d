using System.Globalization;
using System.Text;

namespace Kmt.Bench.Graph;

/// <summary>
/// An LFR-like planted-partition graph, deterministic for a seed (SplitMix64, written out here so
/// that the file is the same on every runtime): community sizes follow a power law (exponent 1.5,
/// 20..400 nodes), node degrees a power law (exponent 2.5, 3..150), and each edge stays inside its
/// first endpoint's community with probability 1 − μ (μ = 0.25). Intra-community weights are
/// 1..5, bridges 0.5..2 (three decimals). A separate 4-node path ("iso-0".."iso-3") makes some
/// pairs unreachable. Writes edges.tsv (exactly <c>edges</c> lines, no self-loops, no repeats) and
/// pairs.tsv (random pairs, some to the separate path, two with an unknown id).
/// </summary>
internal static class PlantedPartitionGenerator
{
    private const double Mixing = 0.25;

    public static void Write(string dir, int edgeCount, int pairCount, ulong seed)
    {
        Directory.CreateDirectory(dir);
        var rng = new Rng(seed);
        var n = Math.Max(10, edgeCount / 5);

        // Communities.
        var community = new int[n];
        var members = new List<List<int>>();
        var assigned = 0;
        while (assigned < n)
        {
            var size = Math.Min(n - assigned, (int)PowerLaw(rng, 20, 400, 1.5));
            var list = new List<int>(size);
            for (var i = 0; i < size; i++)
            {
                community[assigned] = members.Count;
                list.Add(assigned++);
            }

            members.Add(list);
        }

        // Degree propensities, and cumulative tables for picking proportionally to them.
        var degree = new double[n];
        for (var i = 0; i < n; i++)
        {
            degree[i] = PowerLaw(rng, 3, 150, 2.5);
        }

        var global = Cumulative(Enumerable.Range(0, n).ToList(), degree);
        var local = members.Select(m => Cumulative(m, degree)).ToArray();

        var main = edgeCount - 3;
        var seen = new HashSet<long>();
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var written = 0;
        while (written < main)
        {
            var u = Pick(rng, global, null);
            var inside = rng.NextDouble() >= Mixing;
            var v = inside ? Pick(rng, local[community[u]], members[community[u]]) : Pick(rng, global, null);
            if (u == v || !seen.Add(Math.Min(u, v) * (long)n + Math.Max(u, v)))
            {
                continue;
            }

            var sameCommunity = community[u] == community[v];
            var weight = sameCommunity ? 1 + (4 * rng.NextDouble()) : 0.5 + (1.5 * rng.NextDouble());
            sb.Append('n').Append(u.ToString(inv)).Append('\t').Append('n').Append(v.ToString(inv)).Append('\t')
              .Append(Math.Round(weight, 3).ToString("0.000", inv)).Append('\n');
            written++;
        }

        sb.Append("iso-0\tiso-1\t1.000\niso-1\tiso-2\t1.000\niso-2\tiso-3\t1.000\n");
        File.WriteAllText(Path.Combine(dir, "edges.tsv"), sb.ToString());

        // Pairs between nodes that appear in the file.
        var present = new bool[n];
        foreach (var key in seen)
        {
            present[(int)(key / n)] = true;
            present[(int)(key % n)] = true;
        }

        var nodes = Enumerable.Range(0, n).Where(i => present[i]).ToArray();
        var pairs = new StringBuilder();
        for (var p = 0; p < pairCount; p++)
        {
            var a = "n" + nodes[rng.NextInt(nodes.Length)].ToString(inv);
            var b = "n" + nodes[rng.NextInt(nodes.Length)].ToString(inv);
            if (p % 100 == 7)
            {
                b = "iso-" + rng.NextInt(4).ToString(inv);
            }
            else if (p == pairCount / 2)
            {
                b = "no-such-node";
            }
            else if (p == pairCount - 1)
            {
                (a, b) = ("iso-0", "iso-3");
            }

            pairs.Append(a).Append('\t').Append(b).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, "pairs.tsv"), pairs.ToString());
        Console.Error.WriteLine($"generated {dir}/edges.tsv ({edgeCount} edges, {nodes.Length + 4} nodes, {members.Count} planted communities) and pairs.tsv ({pairCount} pairs)");
    }

    /// <summary>Continuous power law on [min, max] with the given exponent, by inverse transform.</summary>
    private static double PowerLaw(Rng rng, double min, double max, double exponent)
    {
        var a = 1 - exponent;
        var lo = Math.Pow(min, a);
        var hi = Math.Pow(max, a);
        return Math.Pow(lo + ((hi - lo) * rng.NextDouble()), 1 / a);
    }

    private static double[] Cumulative(List<int> nodes, double[] degree)
    {
        var c = new double[nodes.Count];
        double s = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            s += degree[nodes[i]];
            c[i] = s;
        }

        return c;
    }

    private static int Pick(Rng rng, double[] cumulative, List<int>? nodes)
    {
        var x = rng.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        i = i < 0 ? ~i : i;
        i = Math.Min(i, cumulative.Length - 1);
        return nodes is null ? i : nodes[i];
    }

    /// <summary>SplitMix64, the same generator the analytics use for their samples.</summary>
    private sealed class Rng(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        public int NextInt(int bound) => (int)(NextDouble() * bound);
    }
}
