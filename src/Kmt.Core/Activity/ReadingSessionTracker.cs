using Kmt.Core.Common;

namespace Kmt.Core.Activity;

/// <summary>
/// Applies reading events, in the order they happened, to the user's reading sessions:
/// reading_started opens a session; reading_progress updates the open one (opening one if there is
/// none); reading_finished also closes it and computes the reading speed.
/// </summary>
internal sealed class ReadingSessionTracker(IActivityStore store, string userId, DateTimeOffset now)
{
    // What this batch already knows, so events later in the batch see the sessions earlier ones
    // changed without depending on the store reading its own writes. A null value: no open session.
    private readonly Dictionary<string, ReadingSession?> _openByItem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReadingSession> _touched = new(StringComparer.Ordinal);

    public IReadOnlyList<ReadingSession> Touched => _touched.Values.ToList();

    public async Task ApplyAsync(UserActivity activity, ReadingDetails reading, CancellationToken cancellationToken)
    {
        var session = activity.ActivityType switch
        {
            ReadingActivityTypes.Started => await StartAsync(activity, reading, cancellationToken),
            ReadingActivityTypes.Progress => await ProgressAsync(activity, reading, finished: false, cancellationToken),
            ReadingActivityTypes.Finished => await ProgressAsync(activity, reading, finished: true, cancellationToken),
            _ => null,
        };

        if (session is null)
        {
            return;
        }

        await store.UpsertSessionAsync(session, cancellationToken);
        _touched[session.Id] = session;
        _openByItem[session.KnowledgeItemId] = session.EndTime is null ? session : null;
    }

    /// <summary>Words read per minute: the item's words times the share read, over the minutes spent.</summary>
    public static int? ReadingSpeed(int wordCount, double completionPercentage, int? durationSeconds)
    {
        if (durationSeconds is not > 0)
        {
            return null;
        }

        var wordsRead = wordCount * completionPercentage / 100.0;
        var wpm = Math.Round(wordsRead / (durationSeconds.Value / 60.0), MidpointRounding.AwayFromZero);
        return (int)Math.Min(wpm, int.MaxValue);
    }

    private async Task<ReadingSession?> StartAsync(UserActivity activity, ReadingDetails reading, CancellationToken cancellationToken)
    {
        // A client that names its session may send reading_started again (e.g. after a crash): keep the one it has.
        if (reading.SessionId is not null && await FindByIdAsync(reading.SessionId, cancellationToken) is not null)
        {
            return null;
        }

        return NewSession(reading.SessionId ?? Ids.New(), reading, activity.OccurredAt) with
        {
            CompletionPercentage = reading.CompletionPercentage ?? 0,
            DurationSeconds = activity.DurationSeconds,
        };
    }

    private async Task<ReadingSession?> ProgressAsync(UserActivity activity, ReadingDetails reading, bool finished, CancellationToken cancellationToken)
    {
        var session = await FindTargetAsync(reading, cancellationToken);
        if (session?.EndTime is not null)
        {
            // The session it names is already finished: a late event changes nothing.
            return null;
        }

        session ??= NewSession(reading.SessionId ?? Ids.New(), reading, activity.OccurredAt);
        var completion = reading.CompletionPercentage ?? (finished ? 100 : session.CompletionPercentage);
        var duration = activity.DurationSeconds ?? Elapsed(session.StartTime, activity.OccurredAt);
        session = session with { CompletionPercentage = completion, DurationSeconds = duration, UpdatedAt = now };

        return finished
            ? session with { EndTime = activity.OccurredAt, ReadingSpeedWpm = ReadingSpeed(reading.Item.WordCount, completion, duration) }
            : session;
    }

    /// <summary>The session named by metadata.session_id if it is one of this item's, else the item's open session.</summary>
    private async Task<ReadingSession?> FindTargetAsync(ReadingDetails reading, CancellationToken cancellationToken)
    {
        if (reading.SessionId is not null && await FindByIdAsync(reading.SessionId, cancellationToken) is { } named
            && named.KnowledgeItemId == reading.Item.Id)
        {
            return named;
        }

        if (_openByItem.TryGetValue(reading.Item.Id, out var open))
        {
            return open;
        }

        return await store.FindOpenSessionAsync(userId, reading.Item.Id, cancellationToken);
    }

    private async Task<ReadingSession?> FindByIdAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_touched.TryGetValue(sessionId, out var session))
        {
            return session;
        }

        session = await store.GetSessionAsync(userId, sessionId, cancellationToken);
        return session?.UserId == userId ? session : null;
    }

    private ReadingSession NewSession(string id, ReadingDetails reading, DateTimeOffset startTime) => new()
    {
        Id = id,
        UserId = userId,
        KnowledgeItemId = reading.Item.Id,
        StartTime = startTime,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static int Elapsed(DateTimeOffset from, DateTimeOffset to) =>
        (int)Math.Max(0, Math.Round((to - from).TotalSeconds, MidpointRounding.AwayFromZero));
}
