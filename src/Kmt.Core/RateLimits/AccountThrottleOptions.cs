namespace Kmt.Core.RateLimits;

/// <summary>
/// The limits counted per account rather than per client (section "Kmt:RateLimits", next to the
/// per-IP and per-user ones the worker middleware applies; docs/api.md "Rate limits").
/// </summary>
public sealed class AccountThrottleOptions
{
    public const string Section = "Kmt:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Sign-in attempts per account (normalised e-mail), from any number of IPs: password spraying
    /// spreads guesses over many addresses, which the per-IP limit alone does not see.
    /// </summary>
    public RateLimitRule SignInPerAccount { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(15) };

    /// <summary>
    /// Refreshes per token family (one signed-in device), the seed's auth limit (5 a minute), counted
    /// per family instead of per IP because many users share one carrier NAT address.
    /// </summary>
    public RateLimitRule RefreshPerFamily { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };
}
