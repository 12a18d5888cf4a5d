/// <summary>
/// Holt's linear exponential smoothing (level + trend) of a weekly demand series: KMT's gap forecaster
/// until this evaluation measured simple exponential smoothing better (bench/README.md, "Knowledge gaps").
/// </summary>
internal sealed record HoltForecast(double Level, double Trend, double MeanAbsoluteError)
{
    /// <summary>Forecast <paramref name="weeksAhead"/> weeks after the last observation (never below 0).</summary>
    public double Forecast(int weeksAhead) => Math.Max(0, Level + (weeksAhead * Trend));

    /// <summary>Fits the series (oldest first); level starts at the first value, trend at the first difference.</summary>
    public static HoltForecast Fit(IReadOnlyList<double> series, double alpha, double beta)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return new HoltForecast(0, 0, 0);
        }

        var level = series[0];
        var trend = series.Count > 1 ? series[1] - series[0] : 0;
        var error = 0.0;
        for (var i = 1; i < series.Count; i++)
        {
            error += Math.Abs(series[i] - (level + trend));
            var previous = level;
            level = (alpha * series[i]) + ((1 - alpha) * (level + trend));
            trend = (beta * (level - previous)) + ((1 - beta) * trend);
        }

        return new HoltForecast(level, trend, series.Count > 1 ? error / (series.Count - 1) : 0);
    }
}
