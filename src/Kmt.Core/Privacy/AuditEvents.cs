using Kmt.Core.Accounts;
using Kmt.Core.Common;

namespace Kmt.Core.Privacy;

/// <summary>The audit log's event types and the one way entries are made.</summary>
public static class AuditEvents
{
    public const string Registered = "account.registered";
    public const string SignIn = "auth.sign_in";
    public const string RefreshReuse = "auth.refresh_reuse";
    public const string PasswordResetRequested = "auth.password_reset_requested";
    public const string PasswordChanged = "auth.password_changed";
    public const string EmailChangeRequested = "account.email_change_requested";
    public const string EmailChanged = "account.email_changed";
    public const string ExportRequested = "privacy.export_requested";
    public const string ExportDownloaded = "privacy.export_downloaded";
    public const string ErasureRequested = "privacy.erasure_requested";
    public const string ConsentChanged = "privacy.consent_changed";

    /// <summary>Reserved for admin routes; none exist yet.</summary>
    public const string AdminAction = "admin.action";

    public const string Success = "success";
    public const string Failure = "failure";

    private const int UserAgentMaxLength = 512;

    public static AuditEntry Create(
        string userId, string eventType, DateTimeOffset at, ClientInfo? client, string outcome = Success, IReadOnlyDictionary<string, string>? details = null) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        EventType = eventType,
        Outcome = outcome,
        At = at,
        IpAddress = client?.IpAddress,
        UserAgent = client?.UserAgent is { Length: > UserAgentMaxLength } ua ? ua[..UserAgentMaxLength] : client?.UserAgent,
        Details = details,
    };
}
