namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Simple exponential smoothing of a weekly demand series: the knowledge-gap forecaster, chosen because it
/// forecast next weeks' demand best of five forecasters on the gap evaluation (docs/design/insights.md,
/// "Insight pipeline"; bench/README.md, "Knowledge gaps"). <see cref="MeanAbsoluteError"/> is of the
/// one-step-ahead forecasts over the series, the basis of a gap's confidence.
/// </summary>
public sealed record ExponentialSmoothing(double Level, double MeanAbsoluteError)
{
    /// <summary>The forecast of every week after the last observation: the smoothed level (never below 0).</summary>
    public double Forecast => Math.Max(0, Level);

    /// <summary>Fits the series (oldest first); the level starts at the first value.</summary>
    public static ExponentialSmoothing Fit(IReadOnlyList<double> series, double alpha)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new ExponentialSmoothing(0, 0);
        }

        var level = series[0];
        var error = 0.0;
        for (var i = 1; i < series.Count; i++)
        {
            error += Math.Abs(series[i] - level);
            level = (alpha * series[i]) + ((1 - alpha) * level);
        }

        return new ExponentialSmoothing(level, series.Count > 1 ? error / (series.Count - 1) : 0);
    }
}
