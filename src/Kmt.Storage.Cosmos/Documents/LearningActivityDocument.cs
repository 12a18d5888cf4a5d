using System.Text.Json.Serialization;

namespace Kmt.Storage.Cosmos.Documents;

/// <summary>
/// Container insights, type "learningActivity": id = "la:{yyyy-MM}", one per person and UTC month with a
/// bit per active UTC hour for each day (docs/azure-layout.md): a streak over a year reads about 13 of these.
/// </summary>
public sealed class LearningActivityDocument : CosmosDocument
{
    public const string ActivityType = "learningActivity";

    [JsonPropertyName("type")] public string Type { get; set; } = ActivityType;

    /// <summary>Months since year 0 (year x 12 + month - 1), so a range of months is a range of numbers.</summary>
    [JsonPropertyName("month")] public int Month { get; set; }

    /// <summary>Hour masks of days 1..31 of the month (index = day - 1; 0 = no activity).</summary>
    [JsonPropertyName("masks")] public int[] Masks { get; set; } = new int[31];

    public static int MonthOf(DateOnly day) => (day.Year * 12) + day.Month - 1;

    public static string IdFor(int month) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"la:{month / 12:D4}-{(month % 12) + 1:D2}");
}
