using Kmt.Functions.Orchestrations;

namespace Kmt.Functions.Apis.Model;

/// <summary>The Durable orchestration of a nightly run: its state, and its counts once it has completed.</summary>
public sealed record RunOrchestrationResponse(
    string InstanceId, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, NightlyInsightsSummary? Summary, string? Failure);
