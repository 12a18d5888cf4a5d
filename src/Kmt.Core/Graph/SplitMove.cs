namespace Kmt.Core.Graph;

/// <summary>
/// One item whose mention of a split-off name moves to the entity that takes the name back
/// (<see cref="EntitySplit.Plan"/>): its current mentions record to the survivor, how often it mentions the
/// split-off name, and how often it still mentions the survivor by its other names (0: the record closes).
/// </summary>
public sealed record SplitMove(GraphEdge Current, int SplitCount, int RestCount);
