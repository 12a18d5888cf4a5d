using Microsoft.ML.Data;

namespace Kmt.Insights.Models;

/// <summary>One example as ML.NET reads it: the feature vector and whether the item was opened again.</summary>
internal sealed class ImportanceRow
{
    [VectorType(ImportanceFeatures.Count)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
