using Kmt.Core.Activity;
using Kmt.Core.Knowledge;

namespace Kmt.Core.Analytics;

/// <summary>Folds a person's raw data (items, reading sessions, searches) into UTC hours.</summary>
public sealed class LearningMetricsBuilder(string userId)
{
    /// <summary>A session read to at least this completion counts as a completed item.</summary>
    public const double CompletedAt = 90;

    private readonly Dictionary<DateTimeOffset, Hour> _hours = [];

    public void AddItem(KnowledgeItem item)
    {
        var hour = At(item.CreatedAt);
        hour.ItemsCaptured++;
        Increment(hour.ContentTypes, item.ContentType);
        Increment(hour.Sources, item.SourceType ?? (item.SourceUrl is null ? "note" : "web"));
        foreach (var tag in item.Tags)
        {
            Increment(hour.Tags, tag);
        }
    }

    public void AddSession(ReadingSession session)
    {
        if (session.EndTime is not { } end)
        {
            return; // still open: counted once it ends
        }

        var hour = At(end);
        var seconds = session.DurationSeconds ?? (long)(end - session.StartTime).TotalSeconds;
        hour.ItemsRead++;
        hour.ReadingSeconds += Math.Max(0, seconds);
        hour.WordsRead += session.ReadingSpeedWpm is { } wpm ? wpm * Math.Max(0, seconds) / 60 : 0;
        hour.CompletionSum += session.CompletionPercentage;
        if (session.CompletionPercentage >= CompletedAt)
        {
            hour.ItemsCompleted++;
        }
    }

    public void AddSearch(DateTimeOffset occurredAt) => At(occurredAt).Searches++;

    public IReadOnlyList<LearningMetricsHour> Build() => _hours
        .OrderBy(h => h.Key)
        .Select(h => new LearningMetricsHour
        {
            UserId = userId,
            Hour = h.Key,
            ItemsCaptured = h.Value.ItemsCaptured,
            ItemsRead = h.Value.ItemsRead,
            ReadingSeconds = h.Value.ReadingSeconds,
            WordsRead = h.Value.WordsRead,
            CompletionSum = h.Value.CompletionSum,
            ItemsCompleted = h.Value.ItemsCompleted,
            Searches = h.Value.Searches,
            ContentTypes = h.Value.ContentTypes,
            Sources = h.Value.Sources,
            Tags = h.Value.Tags,
        })
        .ToArray();

    /// <summary>The UTC hour an instant falls in.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private Hour At(DateTimeOffset instant)
    {
        var key = HourOf(instant);
        if (!_hours.TryGetValue(key, out var hour))
        {
            hour = new Hour();
            _hours[key] = hour;
        }

        return hour;
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private sealed class Hour
    {
        public int ItemsCaptured;
        public int ItemsRead;
        public long ReadingSeconds;
        public long WordsRead;
        public double CompletionSum;
        public int ItemsCompleted;
        public int Searches;
        public readonly Dictionary<string, int> ContentTypes = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Sources = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Tags = new(StringComparer.Ordinal);
    }
}
