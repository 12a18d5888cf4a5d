using Kmt.Core.Graph;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// member_of edges (entity → community vertex; docs/design/graph.md, "Knowledge graph") from KMT's own
/// Louvain over the person's current graph, the same partition and names GET graph/communities answers
/// (<see cref="NamedCommunity"/>). Each entity of a reported community is a member (weight 1, evidence:
/// the items that mention it, the first <see cref="CoOccurrenceEdges.MaxEvidence"/> by id). A community
/// vertex is created when its community first appears, renamed when its top entities change, and closed
/// (valid_to = now) when it has no members left; a membership that changes closes the old edge and opens
/// a new one (<see cref="DerivedEdgeDiff"/>), so as_of shows who belonged where. Pure: no I/O.
/// </summary>
internal static class CommunityMembership
{
    /// <summary>The reported communities of the snapshot's graph: id, name and member entity ids.</summary>
    public static List<Detected> Detect(GraphSnapshot snapshot, int nameEntities)
    {
        var analysed = AnalysedGraph.From(snapshot);
        var g = analysed.Graph;
        var scores = PageRank.Compute(g).Scores;
        var partition = Louvain.Detect(g);
        return NamedCommunity.From(analysed, scores, partition, nameEntities)
            .Select(c => new Detected(c.Id, c.Name, c.Entities.Select(g.IdOf).ToList()))
            .ToList();
    }

    /// <param name="userId">The graph's owner.</param>
    /// <param name="snapshot">The current graph the communities were detected in (its community vertices and member_of records are the current state).</param>
    /// <param name="communities">From <see cref="Detect"/>.</param>
    /// <param name="earlier">Community vertices not visible now (closed before) with ids among <paramref name="communities"/>: reopened, they keep their first valid_from.</param>
    /// <param name="now">System time of this write.</param>
    /// <param name="closeMissing">False when the snapshot was truncated: nothing is closed.</param>
    public static GraphWriteBatch Build(string userId, GraphSnapshot snapshot, IReadOnlyList<Detected> communities, IReadOnlyDictionary<string, GraphVertex> earlier, DateTimeOffset now, bool closeMissing)
    {
        var visible = snapshot.Vertices.Where(v => v.Kind == GraphVertexKinds.Community).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var evidence = snapshot.Edges.Where(e => e.Label == GraphEdgeLabels.Mentions && e.IsCurrent)
            .GroupBy(e => e.ToId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(e => e.FromId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(CoOccurrenceEdges.MaxEvidence).ToList(), StringComparer.Ordinal);

        var upserts = new List<GraphVertex>();
        var wanted = new List<WantedEdge>();
        foreach (var community in communities)
        {
            var existing = visible.GetValueOrDefault(community.Id) ?? earlier.GetValueOrDefault(community.Id);
            if (existing is null || existing.Name != community.Name || existing.ValidTo is not null || !visible.ContainsKey(community.Id))
            {
                upserts.Add(new GraphVertex
                {
                    Id = community.Id,
                    UserId = userId,
                    Kind = GraphVertexKinds.Community,
                    Name = community.Name,
                    ValidFrom = existing?.ValidFrom ?? now,
                    RecordedAt = existing?.RecordedAt ?? now,
                    UpdatedAt = now,
                });
            }

            wanted.AddRange(community.EntityIds.Select(entity => new WantedEdge(entity, community.Id, 1, null, evidence.GetValueOrDefault(entity) ?? [])));
        }

        if (closeMissing)
        {
            var kept = communities.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            upserts.AddRange(visible.Values.Where(v => !kept.Contains(v.Id) && v.ValidTo is null).OrderBy(v => v.Id, StringComparer.Ordinal)
                .Select(v => v with { ValidTo = now < v.ValidFrom ? v.ValidFrom : now, UpdatedAt = now }));
        }

        var edges = DerivedEdgeDiff.Build(userId, GraphEdgeLabels.MemberOf, wanted, snapshot.Edges, undirected: false, now, closeMissing);
        return edges with { VertexUpserts = upserts };
    }

    /// <summary>One reported community: its stable id, name and member entities (most central first).</summary>
    internal sealed record Detected(string Id, string Name, IReadOnlyList<string> EntityIds);
}
