namespace Kmt.Graph.Analytics;

/// <summary>
/// The least-squares slope of a weight series per period, and that slope relative to the series'
/// mean (0.1 = growing by about 10% of its average each month), which decides the direction.
/// </summary>
public sealed record Trend(TrendDirection Direction, double Slope, double RelativeSlope)
{
    /// <summary>Fits a line to <paramref name="series"/> (x = period index) and classifies it.</summary>
    public static Trend Of(IReadOnlyList<double> series, double threshold)
    {
        ArgumentNullException.ThrowIfNull(series);
        var n = series.Count;
        if (n < 2)
        {
            return new Trend(TrendDirection.Stable, 0, 0);
        }

        double sumY = 0, sumXY = 0;
        var meanX = (n - 1) / 2.0;
        double sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sumY += series[i];
            sumXY += (i - meanX) * series[i];
            sxx += (i - meanX) * (i - meanX);
        }

        var slope = sumXY / sxx;
        var mean = sumY / n;
        var relative = mean > 0 ? slope / mean : 0;
        var direction = relative > threshold ? TrendDirection.Growing
            : relative < -threshold ? TrendDirection.Fading
            : TrendDirection.Stable;
        return new Trend(direction, slope, relative);
    }
}
