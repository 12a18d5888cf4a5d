namespace Kmt.Insights.Models.Tests;

public sealed class IsotonicCalibrationTests
{
    [Fact]
    public void Fit_gives_a_non_decreasing_step_function_that_keeps_every_example()
    {
        var random = new Random(7);
        var examples = Enumerable.Range(0, 2000)
            .Select(_ => random.NextDouble())
            .Select(s => (Score: s, Label: random.NextDouble() < s * s))
            .ToList();

        var calibration = IsotonicCalibration.Fit(examples);

        var rates = calibration.Blocks.Select(b => b.Rate).ToList();
        Assert.Equal(rates.OrderBy(r => r), rates);
        Assert.Equal(examples.Count, calibration.Blocks.Sum(b => b.Count));
        Assert.Equal(examples.Count(e => e.Label), calibration.Blocks.Sum(b => b.Positives));
        Assert.True(calibration.Apply(0.05).Value < calibration.Apply(0.95).Value);
        var applied = Enumerable.Range(0, 101).Select(k => calibration.Apply(k / 100.0)).ToList();
        Assert.Equal(applied.Select(a => a.Value).Order(), applied.Select(a => a.Value));
        Assert.All(applied, a => Assert.InRange(a.Value, a.Low, a.High));
    }

    [Fact]
    public void Fit_pools_a_violating_pair_into_its_mean()
    {
        var calibration = IsotonicCalibration.Fit([(0.2, true), (0.4, false), (0.6, true), (0.8, true)]);

        Assert.Equal([new CalibrationBlock(0.2, 0.4, 2, 1), new CalibrationBlock(0.6, 0.8, 2, 2)], calibration.Blocks);
        Assert.Equal(0.5, calibration.Apply(0.1).Value); // below the first centre: the first step
        Assert.Equal(0.5, calibration.Apply(0.3).Value);
        Assert.Equal(0.75, calibration.Apply(0.5).Value, 10); // halfway between the centres 0.3 and 0.7
        Assert.Equal(1.0, calibration.Apply(0.9).Value);
    }

    [Fact]
    public void Calibrated_scores_match_the_observed_rate_on_new_examples_from_the_same_process()
    {
        var random = new Random(11);
        List<(double Score, bool Label)> Draw(int n) => Enumerable.Range(0, n)
            .Select(_ => random.NextDouble())
            .Select(s => (s, random.NextDouble() < Math.Sqrt(s)))
            .ToList();
        var calibration = IsotonicCalibration.Fit(Draw(20000));

        var heldOut = Draw(20000);
        var raw = CalibrationError.Expected(heldOut);
        var calibrated = CalibrationError.Expected(heldOut.Select(e => (calibration.Apply(e.Score).Value, e.Label)).ToList());

        Assert.True(raw > 0.1, $"the raw scores should be miscalibrated (ECE {raw:0.000})");
        Assert.True(calibrated < 0.02, $"ECE after calibration {calibrated:0.000}");
    }

    [Theory]
    [InlineData(7, 10)]
    [InlineData(70, 100)]
    [InlineData(700, 1000)]
    public void Wilson_interval_contains_the_rate_and_narrows_with_more_examples(int positives, int count)
    {
        var (low, high) = IsotonicCalibration.Wilson(positives, count);

        Assert.InRange(0.7, low, high);
        var (wideLow, wideHigh) = IsotonicCalibration.Wilson(positives / 10 == 0 ? 1 : positives / 10, Math.Max(count / 10, 2));
        Assert.True(high - low < wideHigh - wideLow || count == 10);
        Assert.True(high - low < 0.6);
    }
}
