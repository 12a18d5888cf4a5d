using Kmt.Core.Graph.Connections;

namespace Kmt.Functions.Apis.Model;

/// <summary>What dismissing a recommended connection answers: the remembered decision.</summary>
public sealed record ConnectionDecisionResponse(string Id, string Status, string SourceId, string TargetId, DateTimeOffset DecidedAt)
{
    public static ConnectionDecisionResponse From(ConnectionDecision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.Status, d.SourceId, d.TargetId, d.DecidedAt);
    }
}
