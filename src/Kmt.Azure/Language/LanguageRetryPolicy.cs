using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Kmt.Azure.Language;

/// <summary>
/// Azure.Core's retry policy (exponential back-off with jitter, Retry-After / retry-after-ms honoured,
/// 408/429/500/502/503/504 and network failures retried) with one bound added: a server that asks for
/// a wait longer than <see cref="AzureLanguageOptions.MaxRetryAfter"/> is not waited for. The request
/// then fails at once, so the ingestion attempt fails and the host retries it later instead of holding
/// a worker for an hour.
/// </summary>
internal sealed class LanguageRetryPolicy(int maxRetries, DelayStrategy delay, TimeSpan maxRetryAfter)
    : RetryPolicy(maxRetries, delay)
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) && !WaitsTooLong(message);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception).ConfigureAwait(false) && !WaitsTooLong(message);

    private bool WaitsTooLong(HttpMessage message) =>
        message.HasResponse && ServerDelay(message.Response) is { } wait && wait > maxRetryAfter;

    /// <summary>The wait the response asks for (retry-after-ms, x-ms-retry-after-ms, Retry-After in seconds or as a date).</summary>
    internal static TimeSpan? ServerDelay(Response response)
    {
        foreach (var header in new[] { "retry-after-ms", "x-ms-retry-after-ms" })
        {
            if (response.Headers.TryGetValue(header, out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
            }
        }

        if (response.Headers.TryGetValue("Retry-After", out var retryAfter))
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }
}
