namespace Kmt.Functions.Orchestrations;

/// <summary>
/// The nightly orchestration's input. The fan-out bound and page size come from configuration
/// (Kmt:Insights) through the starter, so the orchestrator itself reads nothing but its input and
/// replays deterministically.
/// </summary>
public sealed record NightlyInsightsInput(string RunId, DateTimeOffset AsOf, int UserPageSize, int MaxConcurrentUsers);
