using Microsoft.ML.Data;

namespace Kmt.Insights.Models;

/// <summary>What the saved ML.NET chain gives per row: the uncalibrated probability and each feature's contribution to the score.</summary>
internal sealed class ImportanceOutput
{
    public float Probability { get; set; }

    [VectorType(ImportanceFeatures.Count)]
    public float[] FeatureContributions { get; set; } = [];
}
