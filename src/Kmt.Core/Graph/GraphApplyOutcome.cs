namespace Kmt.Core.Graph;

/// <summary>What applying one item change did to the graph.</summary>
public enum GraphApplyOutcome
{
    /// <summary>The graph already showed the item as it is.</summary>
    Unchanged,

    /// <summary>Vertices or edges were written.</summary>
    Applied,

    /// <summary>The item is gone (permanently deleted): its vertex and edges were removed.</summary>
    Removed,
}
