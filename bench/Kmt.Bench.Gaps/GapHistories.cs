/// <summary>
/// Synthetic topic demand with a known future, for the knowledge-gap evaluation (bench/README.md,
/// "Knowledge gaps"). Each person has topics; each topic holds some items and draws demand events
/// (searches and reads about it) from a Poisson process whose daily rate is a small base rate raised
/// during 1-3 phases of interest. A phase starts anywhere from a year before the as-of to 60 days after
/// it, lasts 3-12 weeks, and ramps up over its first 30%, holds, and ramps down over its last 30%, to a
/// peak 4-15 times the base rate. Half the topics are thin (0-3 items); the rest hold 4-80.
/// </summary>
internal sealed class GapHistories(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>One person's topics: the last <paramref name="weeks"/> weeks of demand before the as-of and what follows it.</summary>
    public List<GapTopic> Person(int topics, int weeks, int futureDays)
    {
        var list = new List<GapTopic>(topics);
        for (var t = 0; t < topics; t++)
        {
            var holdings = _random.NextDouble() < 0.5 ? _random.Next(0, 4) : 4 + (int)Math.Min(76, -12 * Math.Log(1 - _random.NextDouble()));
            var baseRate = Math.Exp(Math.Log(0.005) + (_random.NextDouble() * (Math.Log(0.07) - Math.Log(0.005))));
            var phases = Enumerable.Range(0, _random.Next(1, 4)).Select(_ =>
                (Start: -365 + (_random.NextDouble() * 425), Length: 21 + (_random.NextDouble() * 63), Peak: 4 + (_random.NextDouble() * 11))).ToList();
            double Rate(double day) => baseRate * (1 + phases.Sum(p => (p.Peak - 1) * Shape((day - p.Start) / p.Length)));

            var series = new double[weeks];
            for (var w = 0; w < weeks; w++)
            {
                var from = -7.0 * (weeks - w);
                series[w] = Poisson(Integral(Rate, from, from + 7));
            }

            var expected = Integral(Rate, 0, futureDays);
            list.Add(new GapTopic($"topic-{t}", holdings, series, Poisson(expected), expected));
        }

        return list;
    }

    /// <summary>A phase's shape over its length (0..1): up over the first 30%, flat, down over the last 30%.</summary>
    private static double Shape(double x) => x is < 0 or > 1 ? 0 : Math.Min(1, Math.Min(x, 1 - x) / 0.3);

    private static double Integral(Func<double, double> rate, double from, double to)
    {
        var sum = 0.0;
        for (var day = from; day < to; day++)
        {
            sum += rate(day + 0.5);
        }

        return sum;
    }

    private int Poisson(double mean)
    {
        // Knuth's method is exact and fast enough for the small means here; a normal approximation above 30.
        if (mean > 30)
        {
            var u = 1 - _random.NextDouble();
            var v = _random.NextDouble();
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v))));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= _random.NextDouble();
        }
        while (p > limit);
        return k - 1;
    }
}
