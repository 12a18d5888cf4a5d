namespace Kmt.Core.RateLimits;

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/>; configuration, see docs/api.md "Rate limits".</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public bool IsActive => PermitLimit > 0 && Window > TimeSpan.Zero;
}
