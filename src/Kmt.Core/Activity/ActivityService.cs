using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Activity;

/// <summary>
/// POST analytics/track: stores a batch of activity events and derives reading sessions (the seed's
/// reading_sessions) from reading_started / reading_progress / reading_finished events.
/// </summary>
/// <remarks>
/// Retries are safe: an event whose id was already stored is counted as a duplicate and does not
/// touch a session again. To know which reading events are new without a new store method, each
/// reading event is added on its own (<see cref="IActivityStore.AddAsync"/> returns 1 or 0); they are
/// few per batch, while the other events are added in one call. An event is stored before its
/// session is updated, so a crash in between loses that session update rather than applying it twice.
/// </remarks>
public sealed class ActivityService
{
    private readonly IActivityStore _activities;
    private readonly IKnowledgeStore _items;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ConsentService _consents;

    public ActivityService(IActivityStore activities, IKnowledgeStore items, IOptions<KmtLimits> limits, TimeProvider timeProvider, ConsentService consents)
    {
        _consents = consents;
        _activities = activities;
        _items = items;
        _limits = limits.Value;
        _timeProvider = timeProvider;
    }

    public async Task<TrackResult> TrackAsync(AuthenticatedUser caller, TrackInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);

        // Withdrawn consent: refuse before validating or storing anything (docs/api.md, "Consents").
        await _consents.RequireAsync(caller.UserId, ConsentPurposes.ActivityTracking, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var events = await new TrackEventValidator(_items, _limits).ValidateAsync(caller.UserId, input, now, cancellationToken);

        var accepted = 0;
        var others = events.Where(e => e.Reading is null).Select(e => e.Activity).ToList();
        if (others.Count > 0)
        {
            accepted += await _activities.AddAsync(caller.UserId, others, cancellationToken);
        }

        var sessions = new ReadingSessionTracker(_activities, caller.UserId, now);
        foreach (var readingEvent in events.Where(e => e.Reading is not null).OrderBy(e => e.Activity.OccurredAt))
        {
            if (await _activities.AddAsync(caller.UserId, [readingEvent.Activity], cancellationToken) == 0)
            {
                continue;
            }

            accepted++;
            await sessions.ApplyAsync(readingEvent.Activity, readingEvent.Reading!, cancellationToken);
        }

        return new TrackResult(accepted, events.Count - accepted, sessions.Touched);
    }
}
