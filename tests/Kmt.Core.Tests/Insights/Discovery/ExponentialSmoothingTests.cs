using Kmt.Core.Insights.Discovery;

namespace Kmt.Core.Tests.Insights.Discovery;

public sealed class ExponentialSmoothingTests
{
    [Fact]
    public void A_constant_series_is_forecast_exactly_with_no_error()
    {
        var fit = ExponentialSmoothing.Fit([3, 3, 3, 3], 0.5);

        Assert.Equal(3, fit.Forecast, 9);
        Assert.Equal(0, fit.MeanAbsoluteError, 9);
    }

    [Fact]
    public void Each_week_moves_the_level_by_alpha_towards_it_and_the_error_is_of_the_one_step_forecasts()
    {
        var fit = ExponentialSmoothing.Fit([0, 4, 2], 0.5);

        // level 0 → 0.5·4 + 0.5·0 = 2 → 0.5·2 + 0.5·2 = 2; one-step errors |4 − 0| and |2 − 2|.
        Assert.Equal(2, fit.Forecast, 9);
        Assert.Equal(2, fit.MeanAbsoluteError, 9);
    }

    [Fact]
    public void An_empty_series_forecasts_nothing()
    {
        Assert.Equal(0, ExponentialSmoothing.Fit([], 0.5).Forecast);
    }
}
