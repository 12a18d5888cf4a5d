using Kmt.Core.Common;

namespace Kmt.Core.RateLimits;

/// <summary>RATE_LIMITED (429); the error middleware sends <see cref="RetryAfterSeconds"/> as Retry-After.</summary>
public sealed class RateLimitedException(int retryAfterSeconds, int limit, TimeSpan window)
    : KmtException(
        ErrorCode.RateLimited,
        $"Too many requests. Try again in {retryAfterSeconds} seconds.",
        new { limit, window_seconds = (int)window.TotalSeconds, retry_after_seconds = retryAfterSeconds })
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
