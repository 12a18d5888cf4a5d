namespace Kmt.Graph.Analytics.Knowledge;

/// <summary>A current edge record joining two consecutive path vertices, with the items that are its evidence.</summary>
/// <param name="Id">The edge record id.</param>
/// <param name="Label">mentions, tagged, links_to, similar_to, co_read or relates_to.</param>
/// <param name="Source">The edge's source vertex.</param>
/// <param name="Target">The edge's target vertex.</param>
/// <param name="Weight">The edge's weight.</param>
/// <param name="Evidence">The item ids the fact rests on.</param>
public sealed record PathEdge(string Id, string Label, string Source, string Target, double Weight, IReadOnlyList<string> Evidence);
