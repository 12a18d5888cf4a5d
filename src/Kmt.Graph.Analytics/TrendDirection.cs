namespace Kmt.Graph.Analytics;

/// <summary>Whether a node's or community's activity is rising, falling or flat over the periods.</summary>
public enum TrendDirection
{
    /// <summary>The relative slope is within the threshold either way.</summary>
    Stable,

    /// <summary>The relative slope is above the threshold.</summary>
    Growing,

    /// <summary>The relative slope is below minus the threshold.</summary>
    Fading,
}
