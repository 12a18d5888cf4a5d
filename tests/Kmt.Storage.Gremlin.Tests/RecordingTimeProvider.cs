using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>A FakeTimeProvider that also records the due time of every timer created (Polly's retry delays).</summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    public ConcurrentQueue<TimeSpan> TimerDueTimes { get; } = new();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        TimerDueTimes.Enqueue(dueTime);
        return Fake.CreateTimer(callback, state, dueTime, period);
    }
}
