namespace Kmt.Azure.RateLimits;

/// <summary>
/// Section "Kmt:RateLimits:Table", used when Kmt:RateLimits:Store = Table: the Azure Table Storage
/// table that holds the counters every instance shares (docs/design/hosting.md, "Rate limits").
/// </summary>
public sealed class TableRateLimitOptions
{
    public const string Section = "Kmt:RateLimits:Table";

    /// <summary>The account's table endpoint ("https://{account}.table.core.windows.net"); managed identity.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A connection string with an account key: local emulators (Azurite) only.</summary>
    public string? ConnectionString { get; set; }

    public string TableName { get; set; } = "kmtratelimits";

    /// <summary>How often one counter is re-read and re-written when instances race for it before the request is let through uncounted.</summary>
    public int MaxAttempts { get; set; } = 8;
}
