using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>Hands out the given tokens in order (the last one again when they run out) and records the scopes asked for.</summary>
internal sealed class SequenceTokenCredential : TokenCredential
{
    private readonly AccessToken[] _tokens;
    private int _calls;

    public SequenceTokenCredential(params AccessToken[] tokens) => _tokens = tokens;

    public ConcurrentQueue<string> Scopes { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        var i = Interlocked.Increment(ref _calls) - 1;
        return _tokens[Math.Min(i, _tokens.Length - 1)];
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

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

/// <summary>Keeps every formatted log line.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception));
}
