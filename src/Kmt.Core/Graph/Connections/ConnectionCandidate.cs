namespace Kmt.Core.Graph.Connections;

/// <summary>
/// An unlinked pair of a person's items that the graph suggests (<see cref="ConnectionScoring.GraphCandidates"/>):
/// <see cref="ItemA"/> sorts before <see cref="ItemB"/> (ordinal), so a pair has one key whichever way it was found.
/// </summary>
/// <param name="AdamicAdar">Σ weight / ln(degree) over the entities and tags both items have (0 for a pair found by embeddings alone).</param>
/// <param name="SharedEntities">Names of the shared entities, the strongest evidence first.</param>
/// <param name="SharedTags">Paths of the shared tags, the strongest evidence first.</param>
public sealed record ConnectionCandidate(string ItemA, string ItemB, double AdamicAdar, IReadOnlyList<string> SharedEntities, IReadOnlyList<string> SharedTags)
{
    /// <summary>The pair's key: the two ids in ordinal order, one per line.</summary>
    public string Key => ConnectionScoring.PairKey(ItemA, ItemB);
}
