namespace Kmt.Core.Insights.Discovery;

/// <summary>The body of PATCH api/v1/insights/dormant/{id} and api/v1/insights/gaps/{id}.</summary>
public sealed record InsightStatusInput
{
    /// <summary>viewed, applied or dismissed.</summary>
    public string? Status { get; init; }
}
