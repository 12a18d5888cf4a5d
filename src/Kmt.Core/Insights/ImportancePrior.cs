using System.Globalization;

namespace Kmt.Core.Insights;

/// <summary>
/// The importance score used until a trained model exists: a documented prior from recency and
/// frequency of access (docs/design/insights.md, "Insight pipeline"),
/// score = 0.6 · 2^(−days since last access / half-life) + 0.4 · (1 − e^(−accesses / scale)).
/// It is a ranking heuristic, not a calibrated probability: the API labels it with <see cref="ModelName"/>.
/// </summary>
public static class ImportancePrior
{
    public const string ModelName = "prior-recency-frequency-v1";

    private const double RecencyWeight = 0.6;
    private const double FrequencyWeight = 0.4;

    public static ImportanceScore Score(ItemFeatures item, DateTimeOffset asOf, InsightOptions options)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        var days = Math.Max(0, (asOf - item.LastAccessedAt).TotalDays);
        var halfLifeDays = Math.Max(options.RecencyHalfLife.TotalDays, 1e-6);
        var recency = Math.Pow(2, -days / halfLifeDays);
        var frequency = 1 - Math.Exp(-Math.Max(0, item.AccessCount) / Math.Max(options.FrequencyScale, 1e-6));
        var score = Math.Round((RecencyWeight * recency) + (FrequencyWeight * frequency), 4);
        return new ImportanceScore { ItemId = item.ItemId, Score = score, Model = ModelName, Reasoning = Reason(item.AccessCount, days) };
    }

    private static string Reason(int accesses, double days)
    {
        var opened = accesses switch
        {
            0 => "Never opened since it was saved",
            1 => "Opened once",
            _ => string.Create(CultureInfo.InvariantCulture, $"Opened {accesses} times"),
        };
        var when = days < 1 ? "last touched today" : string.Create(CultureInfo.InvariantCulture, $"last touched {Math.Floor(days):0} days ago");
        return $"{opened}; {when}.";
    }
}
