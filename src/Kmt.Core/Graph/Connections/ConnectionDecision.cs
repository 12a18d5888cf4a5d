using System.Text.Json;
using Kmt.Core.Insights.Discovery;

namespace Kmt.Core.Graph.Connections;

/// <summary>A remembered verdict on a recommended connection (dismissed, or applied when accepted): that pair is not recommended again.</summary>
public sealed record ConnectionDecision(string Id, string Status, string SourceId, string TargetId, DateTimeOffset DecidedAt)
{
    /// <summary>Reads the decision from its insight record (kind <see cref="InsightKinds.Connection"/>).</summary>
    public static ConnectionDecision From(InsightRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var payload = JsonDocument.Parse(record.PayloadJson);
        var root = payload.RootElement;
        return new ConnectionDecision(
            record.Id, record.Status, root.GetProperty("source_id").GetString() ?? "", root.GetProperty("target_id").GetString() ?? "", record.StatusChangedAt);
    }
}
