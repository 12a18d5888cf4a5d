namespace Kmt.Functions.Middleware;

/// <summary>Kmt:RateLimits:Store: where rate-limit counts live (docs/design/hosting.md, "Rate limits").</summary>
public enum RateLimitStoreKind
{
    /// <summary>In this process (System.Threading.RateLimiting): the embedded default; each instance counts alone.</summary>
    Memory,

    /// <summary>Azure Table Storage (Kmt:RateLimits:Table): every instance shares the counts.</summary>
    Table,
}
