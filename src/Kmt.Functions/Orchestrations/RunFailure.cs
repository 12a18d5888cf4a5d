using Kmt.Core.Insights;

namespace Kmt.Functions.Orchestrations;

/// <summary>The input of <see cref="InsightActivities.FailRun"/>: which run failed, and the failing step's message.</summary>
public sealed record RunFailure(UserRun Run, string Error);
