namespace Kmt.Insights.Models;

/// <summary>One step of <see cref="IsotonicCalibration"/>: the scores it covers and the held-out examples in it.</summary>
internal sealed record CalibrationBlock(double MinScore, double MaxScore, int Count, int Positives)
{
    public double Rate => Count == 0 ? 0 : (double)Positives / Count;
}
