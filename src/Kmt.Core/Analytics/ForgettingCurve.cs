namespace Kmt.Core.Analytics;

/// <summary>
/// FSRS-6's power forgetting curve, R(t, S) = (1 + F·t/S)^(-w20) with F = 0.9^(-1/w20) - 1, so R = 0.9
/// when t = S (docs/design/person-view.md, "Analytics"). With no reviews to fit, a single reading gets the
/// default stability of a first "good" rating (w2).
/// </summary>
public static class ForgettingCurve
{
    public const double Decay = 0.1542;

    public const double FirstReadingStabilityDays = 2.3065;

    private static readonly double Factor = Math.Pow(0.9, -1 / Decay) - 1;

    public static double Retrievability(double elapsedDays, double stabilityDays = FirstReadingStabilityDays) =>
        elapsedDays <= 0 ? 1 : Math.Pow(1 + (Factor * elapsedDays / stabilityDays), -Decay);
}
