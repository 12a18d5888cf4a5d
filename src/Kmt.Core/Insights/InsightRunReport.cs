namespace Kmt.Core.Insights;

/// <summary>A run as GET api/v1/insights/runs/{id} shows it: its record and its highest importance scores.</summary>
public sealed record InsightRunReport(InsightRun Run, IReadOnlyList<ImportanceScore> TopScores);
