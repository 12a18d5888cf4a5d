namespace Kmt.Core.Insights;

/// <summary>The states of an <see cref="InsightRun"/>, as the API reports them.</summary>
public static class InsightRunStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>Nothing was computed: the user has not granted the personalised_insights consent.</summary>
    public const string Skipped = "skipped";

    /// <summary>Every status, for validating a filter.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Pending, Running, Completed, Failed, Skipped };

    public static bool IsFinished(string status) => status is Completed or Failed or Skipped;
}
