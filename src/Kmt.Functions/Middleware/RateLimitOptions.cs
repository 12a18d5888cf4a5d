using Kmt.Core.RateLimits;
using Kmt.Functions.Http;

namespace Kmt.Functions.Middleware;

/// <summary>
/// Configuration section "Kmt:RateLimits": the per-IP and per-user limits the middleware applies.
/// Defaults are the seed's 5.5; the per-account ones are <see cref="AccountThrottleOptions"/> (same
/// section), the health limit is KMT's own. See docs/api.md, "Rate limits".
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Kmt:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Where the counts live: Memory (one process; the embedded default) or Table (Azure Table Storage, shared by every instance).</summary>
    public RateLimitStoreKind Store { get; set; } = RateLimitStoreKind.Memory;

    /// <summary>Header that carries the client IP behind a trusted proxy (Azure: X-Forwarded-For); empty locally.</summary>
    public string? ClientIpHeader { get; set; }

    public RateLimitRule Auth { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Knowledge { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Analytics { get; set; } = new() { PermitLimit = 50, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Insights { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Upload { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>GET api/health per client IP: enough for any probe, not enough to use the endpoint as a load generator.</summary>
    public RateLimitRule Health { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule? RuleFor(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.Auth => Auth,
        RateLimitPolicy.Knowledge => Knowledge,
        RateLimitPolicy.Analytics => Analytics,
        RateLimitPolicy.Insights => Insights,
        RateLimitPolicy.Upload => Upload,
        RateLimitPolicy.Health => Health,
        _ => null,
    };
}
