using Kmt.Core.Insights;

namespace Kmt.Insights.Models.Tests;

/// <summary>
/// Generates people's reading histories whose future is known: each item is opened by a daily
/// Bernoulli process whose rate depends on the item's appeal, its age, its topic's interest over time
/// (topics go through active phases) and, for some items, a weekly habit. The process runs past the
/// as-of time, so what each item does after it is the ground truth an importance model predicts.
/// The benchmark links this file too (bench/Kmt.Bench.Insights).
/// </summary>
public sealed class SyntheticHistories
{
    private readonly Random _random;

    public SyntheticHistories(int seed) => _random = new Random(seed);

    public int Topics { get; init; } = 12;

    public int HistoryDays { get; init; } = 365;

    public int FutureDays { get; init; } = 30;

    /// <summary>One person: the snapshot as of <paramref name="asOf"/> and, per item, whether it is opened in the following <see cref="FutureDays"/> days.</summary>
    public SyntheticPerson Person(string userId, int items, DateTimeOffset asOf)
    {
        var start = asOf.AddDays(-HistoryDays);
        var totalDays = HistoryDays + FutureDays;

        // Topic interest: a few active phases per topic, each a raised level for some weeks.
        var interest = new double[Topics, totalDays];
        for (var topic = 0; topic < Topics; topic++)
        {
            var baseLevel = 0.2 + (_random.NextDouble() * 0.4);
            for (var d = 0; d < totalDays; d++)
            {
                interest[topic, d] = baseLevel;
            }

            var phases = _random.Next(1, 5);
            for (var p = 0; p < phases; p++)
            {
                var from = _random.Next(totalDays);
                var length = _random.Next(20, 90);
                var level = 1.5 + (_random.NextDouble() * 2.5);
                for (var d = from; d < Math.Min(totalDays, from + length); d++)
                {
                    interest[topic, d] = level;
                }
            }
        }

        var preferredHour = _random.Next(6, 22);
        var snapshot = new List<ItemFeatures>(items);
        var future = new Dictionary<string, bool>(StringComparer.Ordinal);
        var chance = new Dictionary<string, double>(StringComparer.Ordinal);
        var present = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < items; i++)
        {
            var id = $"{userId}-item-{i:D5}";
            var createdDay = _random.Next(HistoryDays);
            var topic = _random.Next(Topics);
            var secondTopic = _random.NextDouble() < 0.3 ? _random.Next(Topics) : -1;
            var appeal = Math.Exp(-5 + (_random.NextDouble() * 3)); // opens per day at a topic level of 1, 0.007..0.14
            var weekly = _random.NextDouble() < 0.08;
            var weekday = _random.Next(7);
            var decayDays = 20 + (_random.NextDouble() * 200);
            var createdAt = start.AddDays(createdDay).AddHours(_random.Next(24));
            var times = new List<DateTimeOffset>();
            var opensAfter = false;
            var futureRate = 0.0;
            var presentRate = 0.0;
            for (var d = createdDay; d < totalDays; d++)
            {
                var age = d - createdDay;
                var topicLevel = secondTopic >= 0 ? Math.Max(interest[topic, d], interest[secondTopic, d]) : interest[topic, d];
                var rate = appeal * topicLevel * (0.25 + (0.75 * Math.Exp(-age / decayDays)));
                var day = start.AddDays(d);
                if (weekly && (int)day.DayOfWeek == weekday)
                {
                    rate += 0.5 * appeal * 7 * (0.3 + (0.7 * Math.Exp(-age / (decayDays * 2))));
                }

                // Days HistoryDays .. HistoryDays + FutureDays - 1 are the window: an opening on them falls
                // after the as-of hour (02:00, before any preferred hour) and within the window.
                if (age > 0 && d >= HistoryDays && d < HistoryDays + FutureDays)
                {
                    futureRate += rate;
                    // The same day's rate at the topics' interest of the as-of day: what could be known then.
                    var asOfLevel = secondTopic >= 0 ? Math.Max(interest[topic, HistoryDays - 1], interest[secondTopic, HistoryDays - 1]) : interest[topic, HistoryDays - 1];
                    presentRate += rate * asOfLevel / topicLevel;
                }

                if (age == 0 || _random.NextDouble() >= 1 - Math.Exp(-rate))
                {
                    continue;
                }

                var at = day.Date.AddHours(Math.Clamp(preferredHour + _random.Next(-2, 3), 0, 23)).AddMinutes(_random.Next(60));
                var opened = new DateTimeOffset(at, TimeSpan.Zero);
                if (opened <= asOf)
                {
                    times.Add(opened);
                }
                else if (opened <= asOf.AddDays(FutureDays))
                {
                    opensAfter = true;
                }
            }

            var tags = secondTopic >= 0 && secondTopic != topic ? new[] { $"topic-{topic}", $"topic-{secondTopic}" } : new[] { $"topic-{topic}" };
            snapshot.Add(new ItemFeatures
            {
                ItemId = id,
                CreatedAt = createdAt,
                LastAccessedAt = times.Count > 0 ? times[^1] : createdAt,
                AccessCount = times.Count,
                WordCount = _random.Next(50, 6000),
                Tags = tags,
                AccessTimes = times,
            });
            future[id] = opensAfter;
            chance[id] = 1 - Math.Exp(-futureRate);
            present[id] = 1 - Math.Exp(-presentRate);
        }

        return new SyntheticPerson(userId, snapshot, future) { FutureProbability = chance, PresentProbability = present };
    }

    public IReadOnlyList<SyntheticPerson> People(int people, int items, DateTimeOffset asOf, string prefix = "user") =>
        Enumerable.Range(0, people).Select(p => Person($"{prefix}-{p:D4}", items, asOf)).ToList();
}

/// <summary>A synthetic person's snapshot and the known future of each item (opened within the window after as-of).</summary>
public sealed record SyntheticPerson(string UserId, IReadOnlyList<ItemFeatures> Snapshot, IReadOnlyDictionary<string, bool> OpenedAfter)
{
    /// <summary>
    /// Each item's true chance of being opened in the window, from the generator's own rates (its appeal,
    /// age decay, habit and the topics' interest after as-of, future phases included): what no scorer can
    /// know, the ceiling of the evaluation.
    /// </summary>
    public IReadOnlyDictionary<string, double> FutureProbability { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The same chance with the topics' interest held at its as-of level (every latent parameter of the
    /// item known, the topics' future not): the ceiling of a scorer that could see everything up to as-of.
    /// </summary>
    public IReadOnlyDictionary<string, double> PresentProbability { get; init; } = new Dictionary<string, double>();
}
