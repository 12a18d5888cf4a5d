namespace Kmt.Core.Insights;

/// <summary>
/// The key every per-user pipeline step works under (one user in one run) and what the run is: its
/// trigger and the instant its features describe. The per-user orchestration's input.
/// </summary>
public sealed record UserRun(string UserId, string RunId, string Trigger, DateTimeOffset AsOf);
