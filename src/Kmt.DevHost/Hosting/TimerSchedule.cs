using System.Globalization;
using NCrontab;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it: a six-field NCRONTAB expression
/// ("{second} {minute} {hour} {day} {month} {day-of-week}", in UTC) or a constant interval
/// ("hh:mm:ss", which the host accepts outside Consumption plans).
/// </summary>
internal sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan? _interval;

    private TimerSchedule(string expression, CrontabSchedule? cron, TimeSpan? interval)
    {
        Expression = expression;
        _cron = cron;
        _interval = interval;
    }

    public string Expression { get; }

    /// <summary>The schedule, or null with <paramref name="error"/> saying why it cannot be read.</summary>
    public static TimerSchedule? TryParse(string expression, out string? error)
    {
        error = null;
        var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (cron is not null)
        {
            return new TimerSchedule(expression, cron, null);
        }

        if (TimeSpan.TryParseExact(expression, "c", CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(expression, null, interval);
        }

        error = $"'{expression}' is neither a six-field NCRONTAB expression nor an interval (hh:mm:ss).";
        return null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        if (_interval is { } interval)
        {
            return after + interval;
        }

        var next = _cron!.GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    public override string ToString() => Expression;
}
