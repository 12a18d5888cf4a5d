using Kmt.Core.Insights.Discovery;

namespace Kmt.Core.Tests.Insights.Discovery;

public sealed class HoltForecastTests
{
    [Fact]
    public void A_linear_series_is_forecast_exactly_with_no_error()
    {
        var fit = HoltForecast.Fit([1, 2, 3, 4, 5], 0.5, 0.3);

        Assert.Equal(5, fit.Level, 9);
        Assert.Equal(1, fit.Trend, 9);
        Assert.Equal(6, fit.Forecast(1), 9);
        Assert.Equal(0, fit.MeanAbsoluteError, 9);
    }

    [Fact]
    public void A_falling_series_has_a_negative_trend_and_the_forecast_never_goes_below_zero()
    {
        var fit = HoltForecast.Fit([6, 4, 2, 0], 0.5, 0.3);

        Assert.True(fit.Trend < 0);
        Assert.Equal(0, fit.Forecast(10));
    }
}
