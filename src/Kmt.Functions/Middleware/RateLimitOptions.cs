using Kmt.Functions.Http;

namespace Kmt.Functions.Middleware;

/// <summary>Configuration section "Kmt:RateLimits". Defaults are the seed's 5.5.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Kmt:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Header that carries the client IP behind a trusted proxy (Azure: X-Forwarded-For); empty locally.</summary>
    public string? ClientIpHeader { get; set; }

    public RateLimitRule Auth { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Knowledge { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Analytics { get; set; } = new() { PermitLimit = 50, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Insights { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    public RateLimitRule Upload { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    public RateLimitRule? RuleFor(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.Auth => Auth,
        RateLimitPolicy.Knowledge => Knowledge,
        RateLimitPolicy.Analytics => Analytics,
        RateLimitPolicy.Insights => Insights,
        RateLimitPolicy.Upload => Upload,
        _ => null,
    };
}

public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
