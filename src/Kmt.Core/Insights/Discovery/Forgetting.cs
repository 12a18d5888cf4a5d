namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// Per-item forgetting after FSRS-6 (docs/design/insights.md, "Insight pipeline"): retrievability
/// R(t, S) = (1 + F·t/S)^(−w20) with F = 0.9^(−1/w20) − 1, so R = 0.9 when t = S (days). Every access
/// is a successful review graded "good" (a binary-grade variant: KMT never sees a failed recall), and
/// grows stability with FSRS's recall rule at the initial difficulty of a "good" first rating.
/// </summary>
public static class Forgetting
{
    /// <summary>FSRS-6 default w20 (the decay exponent).</summary>
    public const double Decay = 0.1542;

    /// <summary>Initial stability in days of a "good" first rating (FSRS-6 default w2).</summary>
    public const double InitialStability = 2.3065;

    private const double W4 = 6.4133, W5 = 0.8334, W8 = 1.8722, W9 = 0.1666, W10 = 0.796;

    /// <summary>F = 0.9^(−1/w20) − 1.</summary>
    public static readonly double Factor = Math.Pow(0.9, -1 / Decay) - 1;

    /// <summary>D0(good) = w4 − e^(w5·(3 − 1)) + 1.</summary>
    public static readonly double Difficulty = W4 - Math.Exp(W5 * 2) + 1;

    /// <summary>R after <paramref name="elapsedDays"/> at stability <paramref name="stability"/> (1 when no time passed).</summary>
    public static double Retrievability(double elapsedDays, double stability) =>
        elapsedDays <= 0 ? 1 : Math.Pow(1 + (Factor * elapsedDays / Math.Max(stability, 0.01)), -Decay);

    /// <summary>Stability after a successful review at retrievability <paramref name="r"/>.</summary>
    public static double AfterRecall(double stability, double r) =>
        stability * (1 + (Math.Exp(W8) * (11 - Difficulty) * Math.Pow(stability, -W9) * (Math.Exp(W10 * (1 - r)) - 1)));

    /// <summary>
    /// The item's stability and retrievability at <paramref name="asOf"/> from its first encounter
    /// (creation) and its accesses; accesses less than a day after the previous review count once
    /// (FSRS's same-day reviews change stability little).
    /// </summary>
    public static (double Stability, double Retrievability, DateTimeOffset LastReview) Estimate(DateTimeOffset createdAt, IEnumerable<DateTimeOffset> accesses, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(accesses);
        var stability = InitialStability;
        var last = createdAt;
        foreach (var at in accesses.Where(a => a > createdAt && a <= asOf).Order())
        {
            var days = (at - last).TotalDays;
            if (days < 1)
            {
                continue;
            }

            stability = AfterRecall(stability, Retrievability(days, stability));
            last = at;
        }

        return (stability, Retrievability((asOf - last).TotalDays, stability), last);
    }
}
