namespace Kmt.Insights.Models;

/// <summary>
/// Isotonic calibration fitted with pool-adjacent-violators: a non-decreasing step function from a
/// raw score to the share of positives among held-out examples with similar scores. Each step keeps
/// its example and positive counts, which give the prediction's 95% Wilson interval.
/// </summary>
internal sealed class IsotonicCalibration
{
    private const double Z95 = 1.959963984540054;

    public IsotonicCalibration(IReadOnlyList<CalibrationBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one block.", nameof(blocks));
        }

        Blocks = blocks;
    }

    /// <summary>The steps in ascending score order.</summary>
    public IReadOnlyList<CalibrationBlock> Blocks { get; }

    /// <summary>Fits the step function to (score, label) pairs; ties in score are pooled together.</summary>
    public static IsotonicCalibration Fit(IReadOnlyList<(double Score, bool Label)> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            throw new ArgumentException("Calibration needs examples.", nameof(examples));
        }

        var stack = new List<CalibrationBlock>();
        foreach (var group in examples.GroupBy(e => e.Score).OrderBy(g => g.Key))
        {
            var block = new CalibrationBlock(group.Key, group.Key, group.Count(), group.Count(e => e.Label));
            // Pool with the previous block while it has a higher (or equal) positive rate: the result is monotone.
            while (stack.Count > 0 && stack[^1].Rate >= block.Rate)
            {
                var previous = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                block = new CalibrationBlock(previous.MinScore, block.MaxScore, previous.Count + block.Count, previous.Positives + block.Positives);
            }

            stack.Add(block);
        }

        return new IsotonicCalibration(stack);
    }

    /// <summary>
    /// The calibrated probability of <paramref name="score"/> and its 95% Wilson interval, interpolated
    /// linearly between the centres of neighbouring steps (as scikit-learn's IsotonicRegression does), so
    /// items in one step keep their order instead of tying; beyond the outer centres, the outer step's.
    /// </summary>
    public (double Value, double Low, double High) Apply(double score)
    {
        var b = Find(score);
        var here = Blocks[b];
        var centre = (here.MinScore + here.MaxScore) / 2;
        var neighbour = score >= centre ? b + 1 : b - 1;
        if (neighbour < 0 || neighbour >= Blocks.Count)
        {
            var (low, high) = Wilson(here.Positives, here.Count);
            return (here.Rate, low, high);
        }

        var (left, right) = neighbour > b ? (here, Blocks[neighbour]) : (Blocks[neighbour], here);
        var leftCentre = (left.MinScore + left.MaxScore) / 2;
        var rightCentre = (right.MinScore + right.MaxScore) / 2;
        var t = rightCentre > leftCentre ? Math.Clamp((score - leftCentre) / (rightCentre - leftCentre), 0, 1) : 0;
        var (leftLow, leftHigh) = Wilson(left.Positives, left.Count);
        var (rightLow, rightHigh) = Wilson(right.Positives, right.Count);
        return (Lerp(left.Rate, right.Rate, t), Lerp(leftLow, rightLow, t), Lerp(leftHigh, rightHigh, t));
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    /// <summary>The Wilson score interval of <paramref name="positives"/> out of <paramref name="count"/> at 95%.</summary>
    public static (double Low, double High) Wilson(int positives, int count)
    {
        if (count <= 0)
        {
            return (0, 1);
        }

        var p = (double)positives / count;
        var z2 = Z95 * Z95;
        var denominator = 1 + (z2 / count);
        var centre = (p + (z2 / (2 * count))) / denominator;
        var half = Z95 * Math.Sqrt((p * (1 - p) / count) + (z2 / (4.0 * count * count))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private int Find(double score)
    {
        // The last block whose lowest score is at or below the score; below the first block, the first.
        int lo = 0, hi = Blocks.Count - 1, found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Blocks[mid].MinScore <= score)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
