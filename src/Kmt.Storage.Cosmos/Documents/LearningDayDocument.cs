using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos.Documents;

/// <summary>
/// Container insights, type "learningDay": id = "ld:{yyyy-MM-dd}", one per person and UTC day, the fold of
/// that day's "learningHour" documents (docs/azure-layout.md). Long periods read these for the days a
/// local bucket does not cut.
/// </summary>
public sealed class LearningDayDocument : CosmosDocument
{
    public const string DayType = "learningDay";

    private static readonly DateOnly UnixEpoch = new(1970, 1, 1);

    [JsonPropertyName("type")] public string Type { get; set; } = DayType;

    /// <summary>Days since 1970-01-01, so a range of days is a range of numbers.</summary>
    [JsonPropertyName("day")] public int Day { get; set; }

    [JsonPropertyName("itemsCaptured")] public int ItemsCaptured { get; set; }
    [JsonPropertyName("itemsRead")] public int ItemsRead { get; set; }
    [JsonPropertyName("itemsCompleted")] public int ItemsCompleted { get; set; }
    [JsonPropertyName("readingSeconds")] public long ReadingSeconds { get; set; }
    [JsonPropertyName("wordsRead")] public long WordsRead { get; set; }
    [JsonPropertyName("secondsWithWords")] public long SecondsWithWords { get; set; }
    [JsonPropertyName("searches")] public int Searches { get; set; }

    /// <summary>[hour of day, sessions, completion sum] per hour with a reading (not indexed).</summary>
    [JsonPropertyName("hourReads")] public double[][] HourReads { get; set; } = [];

    [JsonPropertyName("contentTypes")] public Dictionary<string, int> ContentTypes { get; set; } = [];
    [JsonPropertyName("sources")] public Dictionary<string, int> Sources { get; set; } = [];
    [JsonPropertyName("tags")] public Dictionary<string, int> Tags { get; set; } = [];

    public static int DayNumber(DateOnly day) => day.DayNumber - UnixEpoch.DayNumber;

    public static DateOnly DateOf(int dayNumber) => UnixEpoch.AddDays(dayNumber);

    public static string IdFor(DateOnly day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ld:{day:yyyy-MM-dd}");
}
