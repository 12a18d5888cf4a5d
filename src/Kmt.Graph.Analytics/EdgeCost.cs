namespace Kmt.Graph.Analytics;

/// <summary>How a weighted search turns an edge's weight into a length.</summary>
public enum EdgeCost
{
    /// <summary>Every edge has length 1: hop counts (BFS).</summary>
    Hops,

    /// <summary>The weight is the length (NetworkX's <c>weight=</c> convention). Zero-weight edges are skipped.</summary>
    Weight,

    /// <summary>Length = 1 / weight, so strong relationships are short. Zero-weight edges are skipped.</summary>
    InverseWeight,
}
