namespace Kmt.Core.RateLimits;

/// <summary>The answer for one request: allowed or not, what is left in the window, and when to retry.</summary>
/// <param name="RetryAfter">Until the window resets; the API sends it as whole seconds (Retry-After).</param>
public sealed record RateLimitDecision(bool Allowed, int Remaining, TimeSpan RetryAfter)
{
    /// <summary>Retry-After in whole seconds, at least 1 (docs/api.md, "Rate limits").</summary>
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(RetryAfter.TotalSeconds));
}
