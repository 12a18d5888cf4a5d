namespace Kmt.Insights.Models;

/// <summary>Expected calibration error: the example-weighted mean of |mean prediction − share of positives| over equal-width bins.</summary>
public static class CalibrationError
{
    public static double Expected(IReadOnlyList<(double Predicted, bool Label)> examples, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return 0;
        }

        return examples
            .GroupBy(e => Math.Min(bins - 1, (int)(Math.Clamp(e.Predicted, 0, 1) * bins)))
            .Sum(g => g.Count() * Math.Abs(g.Average(e => e.Predicted) - g.Average(e => e.Label ? 1.0 : 0.0))) / examples.Count;
    }
}
