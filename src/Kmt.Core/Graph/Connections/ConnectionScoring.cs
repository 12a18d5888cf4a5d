namespace Kmt.Core.Graph.Connections;

/// <summary>
/// The rules of connection recommendations, free of I/O (docs/architecture.md, "Connection recommendations"):
/// which unlinked item pairs the graph suggests and how much (Adamic–Adar over shared entities and tags:
/// each shared neighbour z adds weight / ln(degree(z)), so a rare entity says more than a tag on half the
/// items), and how that combines with the items' embedding similarity into one score in [0, 1].
/// </summary>
public static class ConnectionScoring
{
    /// <summary>The key of the unordered pair: the two ids in ordinal order, one per line.</summary>
    public static string PairKey(string a, string b) =>
        string.CompareOrdinal(a, b) <= 0 ? a + "\n" + b : b + "\n" + a;

    /// <summary>Keys of the item pairs with a current links_to edge in either direction.</summary>
    public static HashSet<string> LinkedPairs(GraphSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Edges.Where(e => e.Label == GraphEdgeLabels.LinksTo && e.IsCurrent).Select(e => PairKey(e.FromId, e.ToId)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Every pair of live items in the snapshot that shares at least one entity or tag and is not linked,
    /// the highest Adamic–Adar sum first (ties by key). Merged entities, hubs above
    /// <see cref="ConnectionOptions.MaxSharedDegree"/> items and records that are not current are left out; at most
    /// <see cref="ConnectionOptions.MaxPairsEnumerated"/> pair contributions are counted (neighbours in id order).
    /// </summary>
    public static IReadOnlyList<ConnectionCandidate> GraphCandidates(GraphSnapshot snapshot, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var vertices = snapshot.Vertices.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var neighbourItems = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var edge in snapshot.Edges)
        {
            if (edge.Label is not (GraphEdgeLabels.Mentions or GraphEdgeLabels.Tagged) || !edge.IsCurrent
                || !vertices.TryGetValue(edge.FromId, out var item) || item.Kind != GraphVertexKinds.Item
                || !vertices.TryGetValue(edge.ToId, out var neighbour) || neighbour.MergedIntoId is not null
                || neighbour.Kind is not (GraphVertexKinds.Entity or GraphVertexKinds.Tag))
            {
                continue;
            }

            if (!neighbourItems.TryGetValue(neighbour.Id, out var items))
            {
                neighbourItems[neighbour.Id] = items = new SortedSet<string>(StringComparer.Ordinal);
            }

            items.Add(item.Id);
        }

        var linked = LinkedPairs(snapshot);
        var pairs = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        var budget = Math.Max(0, options.MaxPairsEnumerated);
        foreach (var (neighbourId, items) in neighbourItems)
        {
            var degree = items.Count;
            if (degree < 2 || degree > options.MaxSharedDegree)
            {
                continue;
            }

            var neighbour = vertices[neighbourId];
            var isEntity = neighbour.Kind == GraphVertexKinds.Entity;
            var weight = (isEntity ? options.EntityWeight : options.TagWeight) / Math.Log(degree);
            if (!(weight > 0))
            {
                continue;
            }

            var members = items.ToArray();
            for (var i = 0; i < members.Length && budget > 0; i++)
            {
                for (var j = i + 1; j < members.Length && budget > 0; j++, budget--)
                {
                    var key = members[i] + "\n" + members[j];
                    if (linked.Contains(key))
                    {
                        continue;
                    }

                    if (!pairs.TryGetValue(key, out var pair))
                    {
                        pairs[key] = pair = new Accumulator(members[i], members[j]);
                    }

                    pair.Sum += weight;
                    (isEntity ? pair.Entities : pair.Tags).Add((neighbour.Name, weight));
                }
            }
        }

        var max = Math.Max(0, options.MaxEvidenceNames);
        return pairs.Values
            .Select(p => new ConnectionCandidate(p.A, p.B, p.Sum, Names(p.Entities, max), Names(p.Tags, max)))
            .OrderByDescending(c => c.AdamicAdar).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The Adamic–Adar sum mapped to [0, 1): sum / (sum + <see cref="ConnectionOptions.GraphHalfScore"/>).</summary>
    public static double GraphScore(double adamicAdar, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return adamicAdar > 0 ? adamicAdar / (adamicAdar + Math.Max(options.GraphHalfScore, double.Epsilon)) : 0;
    }

    /// <summary>Cosine similarity mapped to [0, 1]: 0 at or below <see cref="ConnectionOptions.SimilarityFloor"/>, 1 at 1; 0 when unknown.</summary>
    public static double SimilarityScore(double? cosine, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (cosine is not { } c || !double.IsFinite(c))
        {
            return 0;
        }

        var floor = Math.Clamp(options.SimilarityFloor, -1, 0.999);
        return Math.Clamp((c - floor) / (1 - floor), 0, 1);
    }

    /// <summary>The weighted mean of <see cref="GraphScore"/> and <see cref="SimilarityScore"/> (weights from options), in [0, 1].</summary>
    public static double Combine(double adamicAdar, double? cosine, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var graphWeight = Math.Max(0, options.GraphWeight);
        var similarityWeight = Math.Max(0, options.SimilarityWeight);
        var total = graphWeight + similarityWeight;
        return total > 0
            ? Math.Clamp(((graphWeight * GraphScore(adamicAdar, options)) + (similarityWeight * SimilarityScore(cosine, options))) / total, 0, 1)
            : 0;
    }

    private static List<string> Names(List<(string Name, double Weight)> shared, int max) =>
        shared.OrderByDescending(s => s.Weight).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Name).Distinct(StringComparer.Ordinal).Take(max).ToList();

    private sealed class Accumulator(string a, string b)
    {
        public string A { get; } = a;

        public string B { get; } = b;

        public double Sum { get; set; }

        public List<(string Name, double Weight)> Entities { get; } = [];

        public List<(string Name, double Weight)> Tags { get; } = [];
    }
}
