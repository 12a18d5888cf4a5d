// Analytics dashboard latency for one person (bench/README.md, "Analytics dashboard"): fills a fresh
// embedded store with N items (default 10,000) captured over two years, a finished reading session
// for most of them and a few searches a day, runs the learning metrics job once, then times, R times
// each (default 200), p50 and p99:
//   1. the dashboard as the route serves it (AnalyticsService.GetReportAsync: day rows for the UTC days
//      one local bucket holds whole, hours for the days a boundary cuts) for the default 30 days by day,
//      and for the whole two years by week and by month, in Europe/Paris;
//   2. the same two-year reads over hours only, as the route read before the day rows (the period's
//      hours, the streaks' projection, the same aggregation), after checking both give the same report;
//   3. the parts of the two-year-by-week read: the plan, the store's read at both levels, aggregation;
//   4. the peer: the same two-year answer computed from the raw data (what a route without the
//      aggregates would do: the metrics job's full recompute for the person, then the read), a few times.
// Usage: dotnet run -c Release --project bench/Kmt.Bench.Analytics [items] [reads]
using System.Diagnostics;
using System.Globalization;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Analytics;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var reads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-bench-analytics-" + Guid.NewGuid().ToString("N")[..8]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Kmt:Embedded:DataDirectory"] = dataDirectory,
}).Build();
var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
services.AddKmtCore(configuration);
services.AddKmtEmbeddedStore(configuration);
await using var provider = services.BuildServiceProvider();

var now = DateTimeOffset.UtcNow;
var user = new User { Id = Ids.New(), Email = "bench@example.org", NormalizedEmail = "bench@example.org", PasswordHash = "x", Role = Roles.User, CreatedAt = now, UpdatedAt = now, ETag = ETags.New() };
await provider.GetRequiredService<IUserStore>().CreateAsync(user, default);
var store = provider.GetRequiredService<IKnowledgeStore>();
var activities = provider.GetRequiredService<IActivityStore>();
var random = new Random(11);
string[] types = ["note", "article", "pdf", "text"];
string[] sources = ["web", "upload", "readwise", "kindle"];

var seed = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    var created = now.AddMinutes(-random.Next(0, 730 * 24 * 60));
    var item = new KnowledgeItem
    {
        Id = Ids.New(), UserId = user.Id, Title = $"Item {i}", Content = "words", ContentType = types[i % types.Length], SourceType = sources[i % sources.Length],
        Tags = [$"topic/{i % 40}", $"area/{i % 7}"], CreatedAt = created, UpdatedAt = created, AccessedAt = created, WordCount = 800, ETag = ETags.New(), ContentLength = 5,
    };
    await store.CreateAsync(item, default);
    if (random.NextDouble() < 0.8)
    {
        var start = created.AddHours(random.Next(1, 72));
        var seconds = random.Next(60, 1800);
        await activities.UpsertSessionAsync(new ReadingSession
        {
            Id = Ids.New(), UserId = user.Id, KnowledgeItemId = item.Id, StartTime = start, EndTime = start.AddSeconds(seconds), DurationSeconds = seconds,
            CompletionPercentage = random.Next(10, 101), ReadingSpeedWpm = random.Next(120, 400), CreatedAt = start, UpdatedAt = start,
        }, default);
    }
}

var searches = new List<UserActivity>();
for (var day = 0; day < 730; day++)
{
    for (var s = 0; s < 3; s++)
    {
        var at = now.AddDays(-day).AddMinutes(-random.Next(0, 1440));
        searches.Add(new UserActivity { Id = Ids.New(), UserId = user.Id, ActivityType = SearchHistory.ActivityType, OccurredAt = at, CreatedAt = at });
    }
}

foreach (var batch in searches.Chunk(500))
{
    await activities.AddAsync(user.Id, batch, default);
}

Console.WriteLine($"seeded {count} items, {searches.Count} searches over 730 days in {seed.Elapsed.TotalSeconds:F1} s");

var analytics = provider.GetRequiredService<AnalyticsService>();
var job = Stopwatch.StartNew();
await analytics.RefreshAsync(user.Id, null, default);
Console.WriteLine($"metrics job, whole history for the person: {job.Elapsed.TotalMilliseconds:F0} ms");

var caller = new AuthenticatedUser(user.Id, Roles.User, "bench");
var today = DateOnly.FromDateTime(now.UtcDateTime);
var twoYears = new AnalyticsQuery(today.AddDays(-729).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, "week", "Europe/Paris");
var thirtyDays = new AnalyticsQuery(null, null, "day", "Europe/Paris");

var check = await analytics.GetReportAsync(caller, twoYears, default);
Console.WriteLine($"two-year report: {check.Totals.ItemsCaptured} captured, {check.Totals.ItemsRead} read, {check.Series.Count} weeks, streak {check.Streaks.LongestDays} days");

var metrics = provider.GetRequiredService<ILearningMetricsStore>();
var twoYearsByMonth = twoYears with { Granularity = "month" };
var parisNow = AnalyticsPeriod.Parse(null, null, "day", "Europe/Paris", null, now, 1000);
var parisWeeks = AnalyticsPeriod.Parse(twoYears.From, null, "week", "Europe/Paris", null, now, 1000);
var parisMonths = AnalyticsPeriod.Parse(twoYears.From, null, "month", "Europe/Paris", null, now, 1000);

// The route before the day rows: the person (for the preferred zone, as the route reads it), the
// period's hours, the streaks' day projection, the same aggregation.
var users = provider.GetRequiredService<IUserStore>();
async Task<AnalyticsReport> HoursOnlyAsync(AnalyticsPeriod period)
{
    await users.GetAsync(user.Id, default);
    var hours = await metrics.ListAsync(user.Id, period.StartUtc, period.EndUtc, default);
    var (first, last) = AnalyticsAggregator.ActivityDaySpan(period);
    return AnalyticsAggregator.Aggregate(period, hours, await metrics.ListActivityAsync(user.Id, first, last, default));
}

foreach (var (query, period) in new[] { (thirtyDays, parisNow), (twoYears, parisWeeks), (twoYearsByMonth, parisMonths) })
{
    var plan = LearningMetricsReadPlan.For(period);
    var read = await metrics.ReadAsync(user.Id, plan, default);
    var routeJson = Json(await analytics.GetReportAsync(caller, query, default));
    if (routeJson != Json(await HoursOnlyAsync(period)))
    {
        throw new InvalidOperationException($"The day rows' report differs from the hours' ({period.Granularity}).");
    }

    var hourRows = (await metrics.ListAsync(user.Id, period.StartUtc, period.EndUtc, default)).Count;
    Console.WriteLine($"{period.Granularity} {period.From}..{period.To}: same report; reads {read.Days.Count} day rows + {read.Hours.Count} hour rows ({plan.HourRanges.Count} hour ranges) instead of {hourRows} hour rows");
}

// Every path warmed up first, past tiered JIT's first tier, so the block timed first is not the one that
// runs on less optimised code.
for (var i = 0; i < Math.Min(reads, 40); i++)
{
    await analytics.GetReportAsync(caller, thirtyDays, default);
    await HoursOnlyAsync(parisNow);
    await analytics.GetReportAsync(caller, twoYears, default);
    await HoursOnlyAsync(parisWeeks);
    await analytics.GetReportAsync(caller, twoYearsByMonth, default);
    await HoursOnlyAsync(parisMonths);
}

var (thirty, thirtyOld) = await CompareAsync("dashboard, 30 days by day", reads, () => analytics.GetReportAsync(caller, thirtyDays, default), () => HoursOnlyAsync(parisNow));
var (whole, wholeOld) = await CompareAsync("dashboard, 2 years by week", reads, () => analytics.GetReportAsync(caller, twoYears, default), () => HoursOnlyAsync(parisWeeks));
var (months, monthsOld) = await CompareAsync("dashboard, 2 years by month", reads, () => analytics.GetReportAsync(caller, twoYearsByMonth, default), () => HoursOnlyAsync(parisMonths));

// Where the two-year-by-week time goes now, and before.
var weekPlan = LearningMetricsReadPlan.For(parisWeeks);
var weekRead = await metrics.ReadAsync(user.Id, weekPlan, default);
var weekHours = await metrics.ListAsync(user.Id, parisWeeks.StartUtc, parisWeeks.EndUtc, default);
var (firstDay, lastDay) = AnalyticsAggregator.ActivityDaySpan(parisWeeks);
var twoYearActivity = await metrics.ListActivityAsync(user.Id, firstDay, lastDay, default);
await TimeAsync("  2 years by week: the plan (LearningMetricsReadPlan.For)", reads, () =>
{
    LearningMetricsReadPlan.For(parisWeeks);
    return Task.FromResult(0);
});
await TimeAsync($"  2 years by week: reading {weekRead.Days.Count} days + {weekRead.Hours.Count} hours (ReadAsync)", reads, async () =>
{
    await metrics.ReadAsync(user.Id, weekPlan, default);
    return 0;
});
await TimeAsync("  2 years by week: aggregating them", reads, () => Task.FromResult(AnalyticsAggregator.Aggregate(weekPlan, weekRead, twoYearActivity)));
await TimeAsync($"  before: reading the period's {weekHours.Count} hours (ListAsync)", reads, async () =>
{
    await metrics.ListAsync(user.Id, parisWeeks.StartUtc, parisWeeks.EndUtc, default);
    return 0;
});
await TimeAsync("  before: aggregating them", reads, () => Task.FromResult(AnalyticsAggregator.Aggregate(parisWeeks, weekHours, twoYearActivity)));

var raw = await TimeAsync("peer: 2 years by week from raw data (recompute + read)", 5, async () =>
{
    await analytics.RefreshAsync(user.Id, null, default);
    return await analytics.GetReportAsync(caller, twoYears, default);
});
Console.WriteLine($"hours only / day rows: 30 days p50 {thirtyOld.P50 / thirty.P50:F2}x p99 {thirtyOld.P99 / thirty.P99:F2}x; 2 years by week p50 {wholeOld.P50 / whole.P50:F2}x p99 {wholeOld.P99 / whole.P99:F2}x; by month p50 {monthsOld.P50 / months.P50:F2}x p99 {monthsOld.P99 / months.P99:F2}x");
Console.WriteLine($"raw / day rows (2 years by week, p50): {raw.P50 / whole.P50:F0}x; p99: 30 days {thirty.P99:F1} ms, 2 years by week {whole.P99:F1} ms, by month {months.P99:F1} ms (target < 100 ms)");

Directory.Delete(dataDirectory, recursive: true);

static async Task<((double P50, double P99) New, (double P50, double P99) Old)> CompareAsync(string name, int runs, Func<Task<AnalyticsReport>> route, Func<Task<AnalyticsReport>> hoursOnly)
{
    var results = new List<(double P50, double P99)>();
    foreach (var run in new[] { route, hoursOnly })
    {
        // Each block starts from a collected heap, so neither pays for the other's garbage (the hours-only
        // read allocates several times more).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        results.Add(Percentiles(times));
    }

    Console.WriteLine($"{name}: p50 {results[0].P50:F1} ms, p99 {results[0].P99:F1} ms ({runs} runs)");
    Console.WriteLine($"  hours only (before): p50 {results[1].P50:F1} ms, p99 {results[1].P99:F1} ms ({runs} runs)");
    return (results[0], results[1]);
}

static (double P50, double P99) Percentiles(List<double> times)
{
    times.Sort();
    return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)]);
}

static string Json(AnalyticsReport report) => System.Text.Json.JsonSerializer.Serialize(report with { Period = null! });

static async Task<(double P50, double P99)> TimeAsync<T>(string name, int runs, Func<Task<T>> run)
{
    await run(); // warm-up
    var times = new List<double>(runs);
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    var (p50, p99) = Percentiles(times);
    Console.WriteLine($"{name}: p50 {p50:F1} ms, p99 {p99:F1} ms ({runs} runs)");
    return (p50, p99);
}
