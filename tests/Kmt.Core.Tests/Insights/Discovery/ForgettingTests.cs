using Kmt.Core.Insights.Discovery;

namespace Kmt.Core.Tests.Insights.Discovery;

public sealed class ForgettingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retrievability_is_0_9_when_the_elapsed_time_equals_the_stability_and_falls_with_time()
    {
        Assert.Equal(0.9, Forgetting.Retrievability(12.5, 12.5), 10);
        Assert.Equal(1, Forgetting.Retrievability(0, 3));
        Assert.True(Forgetting.Retrievability(100, 10) < Forgetting.Retrievability(50, 10));
    }

    [Fact]
    public void Spaced_accesses_grow_stability_so_a_reviewed_item_is_remembered_better_than_a_never_opened_one()
    {
        var asOf = T0.AddDays(120);
        var never = Forgetting.Estimate(T0, [], asOf);
        var reviewed = Forgetting.Estimate(T0, [T0.AddDays(2), T0.AddDays(9), T0.AddDays(30)], asOf);

        Assert.Equal(Forgetting.InitialStability, never.Stability);
        Assert.True(reviewed.Stability > never.Stability * 5, $"{reviewed.Stability} vs {never.Stability}");
        Assert.True(reviewed.Retrievability > never.Retrievability);
        Assert.Equal(T0.AddDays(30), reviewed.LastReview);
    }

    [Fact]
    public void Accesses_within_a_day_of_the_previous_review_and_after_as_of_do_not_count()
    {
        var asOf = T0.AddDays(60);
        var once = Forgetting.Estimate(T0, [T0.AddDays(5)], asOf);
        var burst = Forgetting.Estimate(T0, [T0.AddDays(5), T0.AddDays(5).AddHours(2), T0.AddDays(90)], asOf);

        Assert.Equal(once, burst);
    }
}
