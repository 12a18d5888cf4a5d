using System.Globalization;
using Kmt.Core.Common;

namespace Kmt.Core.Analytics;

/// <summary>
/// A period of local days (<see cref="From"/>..<see cref="To"/>, both included) in one IANA time
/// zone, cut into buckets of <see cref="Granularity"/>. The one place that turns instants into the
/// person's days, weeks and months (docs/api.md, "Analytics"), so every adapter and route agrees.
/// </summary>
public sealed record AnalyticsPeriod(DateOnly From, DateOnly To, AnalyticsGranularity Granularity, TimeZoneInfo Zone)
{
    public const int DefaultDays = 30;

    /// <summary>The first instant of <see cref="From"/> in the zone.</summary>
    public DateTimeOffset StartUtc => LocalMidnightUtc(From);

    /// <summary>The first instant after <see cref="To"/> in the zone (exclusive end).</summary>
    public DateTimeOffset EndUtc => LocalMidnightUtc(To.AddDays(1));

    /// <summary>
    /// Reads the query: dates as yyyy-MM-dd in the zone, granularity day|week|month, tz an IANA id.
    /// Without tz the person's preferred zone (<paramref name="preferredZone"/>) applies, then UTC;
    /// without dates the last <see cref="DefaultDays"/> days up to today.
    /// </summary>
    public static AnalyticsPeriod Parse(string? from, string? to, string? granularity, string? tz, string? preferredZone, DateTimeOffset now, int maxSpanDays)
    {
        var errors = new List<FieldError>();
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(tz))
        {
            if (FindZone(tz) is { } found)
            {
                zone = found;
            }
            else
            {
                errors.Add(new FieldError("tz", "Use an IANA time zone such as Europe/Paris or UTC."));
            }
        }
        else if (!string.IsNullOrWhiteSpace(preferredZone) && FindZone(preferredZone) is { } preferred)
        {
            zone = preferred;
        }

        var kind = AnalyticsGranularity.Day;
        if (!string.IsNullOrEmpty(granularity) && !TryGranularity(granularity, out kind))
        {
            errors.Add(new FieldError("granularity", "Use day, week or month."));
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var end = ParseDate(to, "to", errors) ?? today;
        var start = ParseDate(from, "from", errors) ?? end.AddDays(1 - DefaultDays);
        if (errors.Count == 0 && start > end)
        {
            errors.Add(new FieldError("from", "from must be on or before to."));
        }
        else if (errors.Count == 0 && end.DayNumber - start.DayNumber + 1 > maxSpanDays)
        {
            errors.Add(new FieldError("to", $"A period can span at most {maxSpanDays} days."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return new AnalyticsPeriod(start, end, kind, zone);
    }

    /// <summary>The first local day of the trends' second half (growing and fading tags compare the halves).</summary>
    public DateOnly TrendMidpoint => From.AddDays((To.DayNumber - From.DayNumber + 1) / 2);

    /// <summary>The person's local day of an instant.</summary>
    public DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The first local day of the bucket holding <paramref name="day"/>.</summary>
    public DateOnly BucketOf(DateOnly day) => Granularity switch
    {
        AnalyticsGranularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        AnalyticsGranularity.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>Every bucket of the period, oldest first (the first and last may be partial).</summary>
    public IReadOnlyList<DateOnly> Buckets()
    {
        var buckets = new List<DateOnly>();
        for (var bucket = BucketOf(From); bucket <= To; bucket = Next(bucket))
        {
            buckets.Add(bucket);
        }

        return buckets;
    }

    private DateOnly Next(DateOnly bucket) => Granularity switch
    {
        AnalyticsGranularity.Week => bucket.AddDays(7),
        AnalyticsGranularity.Month => bucket.AddMonths(1),
        _ => bucket.AddDays(1),
    };

    private DateTimeOffset LocalMidnightUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // Where a DST change skips midnight (America/Santiago, for one) the day starts at the first valid minute.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }

    private static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    private static bool TryGranularity(string value, out AnalyticsGranularity granularity)
    {
        granularity = value switch
        {
            "day" => AnalyticsGranularity.Day,
            "week" => AnalyticsGranularity.Week,
            "month" => AnalyticsGranularity.Month,
            _ => (AnalyticsGranularity)(-1),
        };
        return Enum.IsDefined(granularity);
    }

    private static DateOnly? ParseDate(string? value, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(new FieldError(field, "Use a date as yyyy-MM-dd."));
        return null;
    }
}
