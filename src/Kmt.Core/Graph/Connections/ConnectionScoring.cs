namespace Kmt.Core.Graph.Connections;

/// <summary>
/// The rules of connection recommendations, free of I/O (docs/design/graph.md, "Connection recommendations"):
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
    /// Every pair of live items in the snapshot that shares at least one entity or tag and is not linked, ranked by
    /// the Adamic–Adar sum. Merged entities, hubs above <see cref="ConnectionOptions.MaxSharedDegree"/> items and
    /// records that are not current are left out. Shared neighbours are visited rarest first (they weigh most),
    /// so when <see cref="ConnectionOptions.MaxPairsEnumerated"/> pair contributions have been counted, what is
    /// left uncounted is the weakest evidence.
    /// </summary>
    public static ConnectionCandidateIndex GraphCandidates(GraphSnapshot snapshot, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var vertices = new Dictionary<string, GraphVertex>(snapshot.Vertices.Count, StringComparer.Ordinal);
        foreach (var vertex in snapshot.Vertices)
        {
            vertices[vertex.Id] = vertex;
        }

        var items = snapshot.Vertices.Where(v => v.Kind == GraphVertexKinds.Item).Select(v => v.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var itemIndex = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            itemIndex[items[i]] = i;
        }

        var neighbourIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var neighbours = new List<(GraphVertex Vertex, HashSet<int> Items)>();
        foreach (var edge in snapshot.Edges)
        {
            if (edge.Label is not (GraphEdgeLabels.Mentions or GraphEdgeLabels.Tagged) || !edge.IsCurrent
                || !itemIndex.TryGetValue(edge.FromId, out var item)
                || !vertices.TryGetValue(edge.ToId, out var neighbour) || neighbour.MergedIntoId is not null
                || neighbour.Kind is not (GraphVertexKinds.Entity or GraphVertexKinds.Tag))
            {
                continue;
            }

            if (!neighbourIndex.TryGetValue(neighbour.Id, out var n))
            {
                neighbourIndex[neighbour.Id] = n = neighbours.Count;
                neighbours.Add((neighbour, []));
            }

            neighbours[n].Items.Add(item);
        }

        var linked = new HashSet<long>();
        foreach (var edge in snapshot.Edges)
        {
            if (edge.Label == GraphEdgeLabels.LinksTo && edge.IsCurrent && itemIndex.TryGetValue(edge.FromId, out var from) && itemIndex.TryGetValue(edge.ToId, out var to) && from != to)
            {
                linked.Add(ConnectionCandidateIndex.Key(from, to));
            }
        }

        var weights = neighbours.Select(x =>
            x.Items.Count >= 2 && x.Items.Count <= options.MaxSharedDegree
                ? (x.Vertex.Kind == GraphVertexKinds.Entity ? options.EntityWeight : options.TagWeight) / Math.Log(x.Items.Count)
                : 0).ToArray();
        var sums = new Dictionary<long, double>();
        var budget = Math.Max(0, options.MaxPairsEnumerated);
        var visitOrder = Enumerable.Range(0, neighbours.Count).Where(n => weights[n] > 0)
            .OrderBy(n => neighbours[n].Items.Count).ThenBy(n => neighbours[n].Vertex.Id, StringComparer.Ordinal);
        var counted = new bool[neighbours.Count];
        foreach (var n in visitOrder)
        {
            if (budget <= 0)
            {
                break;
            }

            counted[n] = true;
            var members = neighbours[n].Items.Order().ToArray();
            for (var i = 0; i < members.Length && budget > 0; i++)
            {
                for (var j = i + 1; j < members.Length && budget > 0; j++, budget--)
                {
                    var key = ConnectionCandidateIndex.Key(members[i], members[j]);
                    if (!linked.Contains(key))
                    {
                        sums[key] = sums.GetValueOrDefault(key) + weights[n];
                    }
                }
            }
        }

        var itemNeighbours = new List<int>[items.Length];
        for (var n = 0; n < neighbours.Count; n++)
        {
            foreach (var item in neighbours[n].Items)
            {
                (itemNeighbours[item] ??= []).Add(n);
            }
        }

        return new ConnectionCandidateIndex(
            items,
            itemNeighbours.Select(l => l?.ToArray() ?? []).ToArray(),
            neighbours.Select((x, n) => new ConnectionNeighbour(x.Vertex.Name, x.Vertex.Kind == GraphVertexKinds.Entity, counted[n] ? weights[n] : 0)).ToArray(),
            sums,
            Math.Max(0, options.MaxEvidenceNames));
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
}
