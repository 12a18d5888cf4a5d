using System.Collections.Concurrent;

namespace Kmt.Functions.Middleware;

/// <summary>
/// Counts requests per key in fixed windows aligned to the clock. In-memory per worker instance:
/// with several instances the effective limit is higher (see docs/architecture.md); a shared
/// counter would cost a store round trip on every request.
/// </summary>
public sealed class FixedWindowCounter(TimeProvider clock)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one request; returns whether it is within the limit and how long until the window resets.</summary>
    public (bool Allowed, int Remaining, TimeSpan ResetIn) TryAcquire(string key, int limit, TimeSpan length)
    {
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % length.Ticks), TimeSpan.Zero);
        var window = _windows.AddOrUpdate(
            key,
            _ => new Window(start, 1),
            (_, existing) => existing.Start == start ? existing with { Count = existing.Count + 1 } : new Window(start, 1));

        if (_windows.Count > SweepThreshold)
        {
            Sweep(now, length);
        }

        var resetIn = window.Start + length - now;
        return (window.Count <= limit, Math.Max(0, limit - window.Count), resetIn);
    }

    private void Sweep(DateTimeOffset now, TimeSpan length)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.Start + length <= now)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}
