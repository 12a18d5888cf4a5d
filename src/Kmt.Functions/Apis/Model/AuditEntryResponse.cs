using Kmt.Core.Privacy;

namespace Kmt.Functions.Apis.Model;

/// <summary>One audit log entry as GET users/audit lists it.</summary>
public sealed record AuditEntryResponse(
    string Id, string EventType, string Outcome, DateTimeOffset At, string? IpAddress, string? UserAgent, IReadOnlyDictionary<string, string>? Details)
{
    public static object From(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new AuditEntryResponse(e.Id, e.EventType, e.Outcome, e.At, e.IpAddress, e.UserAgent, e.Details);
    }
}
