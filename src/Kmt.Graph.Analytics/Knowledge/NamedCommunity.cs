using Kmt.Core.Graph;

namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>
/// One Louvain community as KMT names it (GET graph/communities and the member_of edges agree on it):
/// <see cref="Id"/> derives from its most central entity (stable while that entity is), <see cref="Name"/>
/// joins its top entities' names; <see cref="Entities"/> are node indices, most central first;
/// <see cref="Key"/> is the partition's community number.
/// </summary>
internal sealed record NamedCommunity(string Id, string Name, int Key, IReadOnlyList<int> Entities, IReadOnlyList<int> Members, double Score)
{
    /// <summary>
    /// The communities of two or more nodes with at least one entity (a lone vertex, e.g. an entity whose
    /// mentions all closed, is nothing to report), most central (summed PageRank) first.
    /// </summary>
    public static List<NamedCommunity> From(AnalysedGraph analysed, double[] scores, CommunityResult partition, int nameEntities)
    {
        var g = analysed.Graph;
        var communities = new List<NamedCommunity>();
        foreach (var members in Enumerable.Range(0, g.NodeCount).GroupBy(i => partition.Membership[i]))
        {
            var entities = members.Where(i => analysed.IsEntity(g.IdOf(i)))
                .OrderByDescending(i => scores[i]).ThenBy(i => g.IdOf(i), StringComparer.Ordinal).ToList();
            if (entities.Count == 0 || members.Count() == 1)
            {
                continue;
            }

            var name = string.Join(", ", entities.Take(Math.Max(1, nameEntities)).Select(i => analysed.Vertices[g.IdOf(i)].Name));
            communities.Add(new NamedCommunity(GraphIds.Community(g.IdOf(entities[0])), name, members.Key, entities, members.ToList(), members.Sum(i => scores[i])));
        }

        return communities.OrderByDescending(c => c.Score).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }
}
