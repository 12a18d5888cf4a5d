namespace Kmt.Core.Knowledge.Search;

/// <summary>How a hybrid search merges its keyword and semantic rankings (<see cref="SearchOptions.Fusion"/>).</summary>
public enum FusionMethod
{
    /// <summary>Normalised scores, combined convexly (<see cref="ScoreFusion"/>).</summary>
    Scores,

    /// <summary>Weighted reciprocal rank fusion, ranks only (<see cref="SearchFusion"/>).</summary>
    Rrf,
}
