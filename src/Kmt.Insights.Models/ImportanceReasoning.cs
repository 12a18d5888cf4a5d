using System.Globalization;

namespace Kmt.Insights.Models;

/// <summary>
/// The reasons for a prediction in words: the features that moved its score most (ML.NET's feature
/// contributions), each said as the value it has for this item and whether it raised or lowered it.
/// </summary>
internal static class ImportanceReasoning
{
    private const int MaxReasons = 3;

    public static string Explain(float[] features, float[] contributions)
    {
        var top = Enumerable.Range(0, Math.Min(features.Length, contributions.Length))
            .Where(i => Math.Abs(contributions[i]) > 1e-6)
            .OrderByDescending(i => Math.Abs(contributions[i]))
            .ThenBy(i => i)
            .Take(MaxReasons)
            .Select(i => $"{Describe(i, features[i])} ({(contributions[i] > 0 ? "raises" : "lowers")} it)")
            .ToList();
        return top.Count == 0 ? "No feature stands out: the score is the model's base rate." : string.Join("; ", top) + ".";
    }

    /// <summary>The feature's value for the item, as a person would say it.</summary>
    public static string Describe(int feature, float value) => feature switch
    {
        ImportanceFeatures.DaysSinceLastAccess => value < 1 ? "opened today" : F($"last opened {value:0} days ago"),
        ImportanceFeatures.Accesses => value == 0 ? "never opened since it was saved" : F($"opened {value:0} times in all"),
        ImportanceFeatures.Accesses30Days => value == 0 ? "not opened in the last 30 days" : F($"opened {value:0} times in the last 30 days"),
        ImportanceFeatures.Accesses90Days => value == 0 ? "not opened in the last 90 days" : F($"opened {value:0} times in the last 90 days"),
        ImportanceFeatures.AgeDays => F($"saved {value:0} days ago"),
        ImportanceFeatures.WordCount => F($"{value:0} words long"),
        ImportanceFeatures.TopicTrend => value >= 1.5 ? F($"its topics are being read {value:0.#}x more than usual") : value <= 0.67 ? "its topics are read less than before" : "its topics are read as usual",
        ImportanceFeatures.TopicExpertise => F($"you hold {value:0} other items on its main topic"),
        ImportanceFeatures.CrossReferences => F($"{value:0} of your items share a topic with it"),
        ImportanceFeatures.WeekdayRegularity => F($"{value * 100:0}% of its openings fall on the same weekday"),
        ImportanceFeatures.HourRegularity => F($"{value * 100:0}% of its openings fall in the same time of day"),
        ImportanceFeatures.MeanIntervalDays => value < 0 ? "no rhythm of re-reading yet" : F($"re-opened every {value:0.#} days on average"),
        ImportanceFeatures.OverdueRatio => value < 0 ? "no rhythm of re-reading yet" : value >= 1 ? F($"{value:0.#}x its usual gap since it was last opened") : "within its usual gap between openings",
        ImportanceFeatures.RecencyWeightedAccesses => value < 0.05 ? "little recent use" : F($"{value:0.#} recent openings, the latest weighted most"),
        ImportanceFeatures.TopicAccesses7Days => value == 0 ? "its topics were not read this week" : F($"its topics were read {value:0} times this week"),
        ImportanceFeatures.TopicMomentum => value >= 1.5 ? F($"its topics are read {value:0.#}x their usual pace these two weeks") : value <= 0.67 ? "its topics are read less than usual these two weeks" : "its topics are read at their usual pace",
        ImportanceFeatures.DaysSinceTopicAccess => value < 0 ? "nothing on its topics has been opened" : value < 1 ? "something on its topics was opened today" : F($"nothing on its topics opened for {value:0} days"),
        ImportanceFeatures.TopicShare => F($"{value * 100:0}% of the reading of its topics since it was saved went to it"),
        ImportanceFeatures.ExpectedOpens => value < 0.05 ? "at its topics' current pace it is unlikely to be opened" : F($"at its topics' current pace about {value:0.#} openings expected in 30 days"),
        ImportanceFeatures.Retrievability => F($"{value * 100:0}% likely still remembered (forgetting model)"),
        ImportanceFeatures.TopicBurstWeeks => value == 0 ? "no burst of interest in its topics now" : F($"its topics have been read far above their usual pace for {value:0} weeks"),
        ImportanceFeatures.TopicShare90Days => F($"{value * 100:0}% of the reading of its topics in the last 90 days went to it"),
        ImportanceFeatures.ExpectedOpensRecentShare => value < 0.05 ? "at its recent share of its topics' pace it is unlikely to be opened" : F($"at its recent share of its topics' pace about {value:0.#} openings expected in 30 days"),
        _ => ImportanceFeatures.Names[feature],
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
