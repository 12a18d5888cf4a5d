namespace Kmt.Core.Analytics;

/// <summary>The width of one point of an analytics series, in the person's time zone.</summary>
public enum AnalyticsGranularity
{
    Day,

    /// <summary>ISO weeks: Monday to Sunday.</summary>
    Week,

    Month,
}
