using System.Globalization;
using System.Text;

namespace Kmt.Core.Analytics;

/// <summary>The series of a report as CSV (RFC 4180): one row per bucket, the same figures the JSON routes show.</summary>
public static class AnalyticsCsv
{
    public const string Header = "bucket,items_captured,items_read,items_completed,reading_minutes,reading_speed_wpm,average_completion,searches,retention,top_tags";

    public static string Write(AnalyticsReport report)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var point in report.Series)
        {
            csv.Append(point.Bucket.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.ItemsCaptured.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.ItemsRead.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.ItemsCompleted.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.ReadingMinutes.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.ReadingSpeedWpm?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.AverageCompletion?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Searches.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Retention?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(string.Join(';', point.Tags.Select(t => $"{t.Tag}:{t.Count}"))))
                .Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Quotes a field; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run a tag as a formula.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
