using Kmt.Core.Insights.Discovery;

namespace Kmt.Functions.Apis.Model;

/// <summary>What PATCH of a discovery's or gap's status returns (the ETag in its header).</summary>
public sealed record InsightStatusResponse(string Id, string InsightType, string Status, DateTimeOffset UpdatedAt)
{
    public static InsightStatusResponse From(InsightRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Kind, record.Status, record.UpdatedAt);
    }
}
