using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Activity;

public class ActivityServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryActivityStore _activities = new();
    private readonly InMemoryKnowledgeStore _items = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly ActivityService _service;
    private readonly Kmt.Core.Accounts.AuthenticatedUser _caller = Caller();
    private readonly KnowledgeItem _item;

    public ActivityServiceTests()
    {
        _service = new ActivityService(_activities, _items, Limits(), _clock, new ConsentService(_privacy, new InMemoryUserStore(), new InMemoryAuditLog(), _clock));
        _item = AddItem(_caller.UserId, wordCount: 3000);
    }

    private KnowledgeItem AddItem(string userId, int wordCount, DateTimeOffset? deletedAt = null)
    {
        var item = new KnowledgeItem
        {
            Id = Ids.New(),
            UserId = userId,
            Title = "Article",
            ContentType = "article",
            WordCount = wordCount,
            CreatedAt = TestSupport.Start,
            UpdatedAt = TestSupport.Start,
            AccessedAt = TestSupport.Start,
            DeletedAt = deletedAt,
            ETag = ETags.New(),
        };
        _items.Items[(userId, item.Id)] = item;
        return item;
    }

    private static ActivityEventInput Event(
        string? type = "page_view", string? id = null, string? entityType = null, string? entityId = null, int? duration = null,
        string? metadata = null, DateTimeOffset? at = null) =>
        new(id, type, entityType, entityId, duration, metadata is null ? null : Json(metadata), at);

    private Task<TrackResult> Track(params ActivityEventInput?[] events) =>
        _service.TrackAsync(_caller, new TrackInput(events!), CancellationToken.None);

    // ---- consent

    [Fact]
    public async Task Withdrawn_tracking_consent_refuses_events_and_reading_sessions_and_records_nothing()
    {
        _privacy.Consents[_caller.UserId] = new UserConsents
        {
            UserId = _caller.UserId,
            Purposes = [new ConsentState(ConsentPurposes.ActivityTracking, false, null, TestSupport.Start)],
            UpdatedAt = TestSupport.Start,
            ETag = ETags.New(),
        };

        var error = await Assert.ThrowsAsync<KmtException>(() => Track(Event(), Event(ReadingActivityTypes.Started, entityType: "knowledge_item", entityId: _item.Id)));

        Assert.Equal(ErrorCode.ConsentRequired, error.Code);
        Assert.Equal(403, error.Code.ToHttpStatus());
        Assert.Equal("CONSENT_REQUIRED", error.Code.ToWireName());
        Assert.Empty(_activities.Activities);
        Assert.Empty(_activities.Sessions);
    }

    // ---- batch validation

    [Fact]
    public async Task Events_are_stored_with_defaults()
    {
        var result = await Track(Event(metadata: """{ "page": "dashboard" }"""), Event("search", entityType: "query", entityId: "abc", duration: 4));

        Assert.Equal((2, 0), (result.Accepted, result.Duplicates));
        Assert.Empty(result.ReadingSessions);
        var stored = _activities.Activities.Values.OrderBy(a => a.ActivityType).ToList();
        Assert.Equal(["page_view", "search"], stored.Select(a => a.ActivityType));
        Assert.Equal("""{"page":"dashboard"}""", stored[0].MetadataJson);
        Assert.Equal(TestSupport.Start, stored[0].OccurredAt);
        Assert.Equal(TestSupport.Start, stored[0].CreatedAt);
        Assert.All(stored, a => Assert.True(Ids.IsWellFormed(a.Id)));
        Assert.Equal(1, _activities.AddCalls);
    }

    [Fact]
    public async Task Missing_or_empty_events_are_rejected()
    {
        HasError(await ThrowsValidation(() => _service.TrackAsync(_caller, new TrackInput(null), CancellationToken.None)), "events");
        HasError(await ThrowsValidation(() => Track()), "events");
    }

    [Fact]
    public async Task A_batch_of_100_is_accepted_and_101_rejected()
    {
        var hundred = Enumerable.Range(0, 100).Select(_ => Event()).ToArray();
        Assert.Equal(100, (await Track(hundred)).Accepted);

        var error = await ThrowsValidation(() => Track(hundred.Append(Event()).ToArray()));
        HasError(error, "events", "at most 100");
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("Page_View", "a-z")]
    [InlineData("page-view", "a-z")]
    [InlineData("page view", "a-z")]
    [InlineData("drop;table", "a-z")]
    [InlineData("ünïcode", "a-z")]
    public async Task Bad_activity_types_are_rejected(string? type, string reason)
    {
        var error = await ThrowsValidation(() => Track(Event(), Event(type)));

        HasError(error, "events[1].activity_type", reason);
        Assert.Empty(_activities.Activities);
    }

    [Fact]
    public async Task Activity_type_of_50_characters_is_accepted_and_51_rejected()
    {
        await Track(Event(new string('a', 50)));

        HasError(await ThrowsValidation(() => Track(Event(new string('a', 51)))), "events[0].activity_type");
    }

    [Fact]
    public async Task Occurred_at_up_to_5_minutes_ahead_is_clock_drift_beyond_is_rejected()
    {
        await Track(Event(at: TestSupport.Start.AddMinutes(5)));

        var error = await ThrowsValidation(() => Track(Event(at: TestSupport.Start.AddMinutes(5).AddSeconds(1))));
        HasError(error, "events[0].occurred_at", "future");
    }

    [Fact]
    public async Task Invalid_fields_of_several_events_are_all_reported_and_nothing_is_stored()
    {
        var error = await ThrowsValidation(() => Track(
            Event(),
            Event(id: "not-a-uuid", entityType: new string('e', 51), entityId: new string('i', 101)),
            Event(duration: -1, metadata: "[1,2]"),
            Event(duration: 7 * 86400 + 1),
            null));

        Assert.Equal(
            ["events[1].id", "events[1].entity_type", "events[1].entity_id", "events[2].duration_seconds", "events[2].metadata", "events[3].duration_seconds", "events[4]"],
            error.Errors.Select(e => e.Field));
        Assert.Empty(_activities.Activities);
    }

    [Fact]
    public async Task Duplicate_ids_within_a_batch_are_rejected()
    {
        var id = Ids.New();

        HasError(await ThrowsValidation(() => Track(Event(id: id), Event(id: id.ToUpperInvariant()))), "events[1].id", "more than once");
    }

    [Fact]
    public async Task Resending_a_batch_is_idempotent()
    {
        var events = new[] { Event(id: Ids.New()), Event(id: Ids.New()) };
        await Track(events);

        var again = await Track(events);

        Assert.Equal((0, 2), (again.Accepted, again.Duplicates));
        Assert.Equal(2, _activities.Activities.Count);
    }

    // ---- reading events and sessions

    [Fact]
    public async Task Reading_events_need_an_existing_item_of_the_caller()
    {
        var foreign = AddItem(Ids.New(), 100);
        var trashed = AddItem(_caller.UserId, 100, deletedAt: TestSupport.Start);

        var error = await ThrowsValidation(() => Track(
            Event(ReadingActivityTypes.Started),
            Event(ReadingActivityTypes.Started, entityId: foreign.Id),
            Event(ReadingActivityTypes.Started, entityId: trashed.Id),
            Event(ReadingActivityTypes.Started, entityId: "nope"),
            Event(ReadingActivityTypes.Started, entityId: _item.Id, entityType: "video"),
            Event(ReadingActivityTypes.Progress, entityId: _item.Id, metadata: """{"completion_percentage": 101}"""),
            Event(ReadingActivityTypes.Progress, entityId: _item.Id, metadata: """{"completion_percentage": "half", "session_id": 5}""")));

        Assert.Equal(
            [
                "events[0].entity_id", "events[1].entity_id", "events[2].entity_id", "events[3].entity_id", "events[4].entity_type",
                "events[5].metadata.completion_percentage", "events[6].metadata.completion_percentage", "events[6].metadata.session_id",
            ],
            error.Errors.Select(e => e.Field));
        Assert.Equal("No knowledge item with this id.", error.Errors[1].Reason);
        Assert.Empty(_activities.Activities);
        Assert.Empty(_activities.Sessions);
    }

    [Fact]
    public async Task A_full_reading_derives_duration_completion_and_speed()
    {
        var result = await Track(
            Event(ReadingActivityTypes.Finished, entityId: _item.Id, at: TestSupport.Start.AddMinutes(-10)),
            Event(ReadingActivityTypes.Started, entityId: _item.Id, at: TestSupport.Start.AddMinutes(-20)),
            Event(ReadingActivityTypes.Progress, entityId: _item.Id, metadata: """{"completion_percentage": 40}""", at: TestSupport.Start.AddMinutes(-16)));

        var session = Assert.Single(result.ReadingSessions);
        Assert.Equal(session, Assert.Single(_activities.Sessions.Values));
        Assert.Equal(TestSupport.Start.AddMinutes(-20), session.StartTime);
        Assert.Equal(TestSupport.Start.AddMinutes(-10), session.EndTime);
        Assert.Equal(600, session.DurationSeconds);
        Assert.Equal(100, session.CompletionPercentage);
        Assert.Equal(300, session.ReadingSpeedWpm); // 3000 words in 10 minutes
        Assert.Equal(_item.Id, session.KnowledgeItemId);
        Assert.Equal("knowledge_item", _activities.Activities.Values.First().EntityType);
    }

    [Fact]
    public async Task Speed_uses_the_share_read_and_the_reported_duration()
    {
        await Track(Event(ReadingActivityTypes.Started, entityId: _item.Id, at: TestSupport.Start.AddHours(-1)));

        var result = await Track(Event(
            ReadingActivityTypes.Finished, entityId: _item.Id, duration: 900, metadata: """{"completion_percentage": 50}""", at: TestSupport.Start));

        var session = Assert.Single(result.ReadingSessions);
        Assert.Equal(900, session.DurationSeconds);
        Assert.Equal(50, session.CompletionPercentage);
        Assert.Equal(100, session.ReadingSpeedWpm); // 1500 words in 15 minutes
    }

    [Theory]
    [InlineData(3000, 100, 600, 300)]
    [InlineData(1000, 33.3, 120, 167)] // 333 words in 2 minutes = 166.5 -> 167
    [InlineData(250, 100, 61, 246)]
    [InlineData(3000, 100, 0, null)]
    [InlineData(0, 100, 60, 0)]
    public void Reading_speed_math(int words, double completion, int seconds, int? expected)
    {
        Assert.Equal(expected, ReadingSessionTrackerSpeed(words, completion, seconds));
    }

    private static int? ReadingSessionTrackerSpeed(int words, double completion, int seconds) =>
        Kmt.Core.Activity.ReadingSessionTracker.ReadingSpeed(words, completion, seconds);

    [Fact]
    public async Task Progress_without_a_start_opens_a_session_and_finish_with_zero_duration_has_no_speed()
    {
        var at = TestSupport.Start.AddMinutes(-1);

        var result = await Track(
            Event(ReadingActivityTypes.Progress, entityId: _item.Id, at: at),
            Event(ReadingActivityTypes.Finished, entityId: _item.Id, at: at));

        var session = Assert.Single(result.ReadingSessions);
        Assert.Equal(at, session.StartTime);
        Assert.Equal(0, session.DurationSeconds);
        Assert.Null(session.ReadingSpeedWpm);
    }

    [Fact]
    public async Task Progress_updates_the_open_session_across_batches()
    {
        await Track(Event(ReadingActivityTypes.Started, entityId: _item.Id, metadata: """{"completion_percentage": 5}""", at: TestSupport.Start.AddMinutes(-3)));

        var result = await Track(Event(ReadingActivityTypes.Progress, entityId: _item.Id, metadata: """{"completion_percentage": 30}"""));

        var session = Assert.Single(_activities.Sessions.Values);
        Assert.Equal(30, session.CompletionPercentage);
        Assert.Equal(180, session.DurationSeconds);
        Assert.Null(session.EndTime);
        Assert.Equal(session, Assert.Single(result.ReadingSessions));
    }

    [Fact]
    public async Task A_named_session_is_addressed_by_its_id()
    {
        var sessionId = Ids.New();
        await Track(Event(ReadingActivityTypes.Started, entityId: _item.Id, metadata: $$"""{"session_id": "{{sessionId}}"}""", at: TestSupport.Start.AddMinutes(-30)));
        await Track(Event(ReadingActivityTypes.Started, entityId: _item.Id, at: TestSupport.Start.AddMinutes(-5))); // a second, newer open session

        await Track(Event(ReadingActivityTypes.Finished, entityId: _item.Id, metadata: $$"""{"session_id": "{{sessionId}}"}"""));

        var named = _activities.Sessions[(_caller.UserId, sessionId)];
        Assert.Equal(1800, named.DurationSeconds);
        Assert.NotNull(named.EndTime);
        Assert.Single(_activities.Sessions.Values, s => s.EndTime is null);
    }

    [Fact]
    public async Task Duplicate_reading_events_do_not_touch_sessions_again()
    {
        var started = Event(ReadingActivityTypes.Started, id: Ids.New(), entityId: _item.Id, at: TestSupport.Start.AddMinutes(-10));
        var finished = Event(ReadingActivityTypes.Finished, id: Ids.New(), entityId: _item.Id, at: TestSupport.Start);
        await Track(started, finished);
        var before = Assert.Single(_activities.Sessions.Values);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var retry = await Track(started, finished, Event());

        Assert.Equal((1, 2), (retry.Accepted, retry.Duplicates));
        Assert.Empty(retry.ReadingSessions);
        Assert.Equal(before, Assert.Single(_activities.Sessions.Values));
    }

    [Fact]
    public async Task A_late_event_for_a_finished_named_session_changes_nothing()
    {
        var sessionId = Ids.New();
        var meta = $$"""{"session_id": "{{sessionId}}"}""";
        await Track(
            Event(ReadingActivityTypes.Started, entityId: _item.Id, metadata: meta, at: TestSupport.Start.AddMinutes(-10)),
            Event(ReadingActivityTypes.Finished, entityId: _item.Id, metadata: meta, at: TestSupport.Start));
        var finished = _activities.Sessions[(_caller.UserId, sessionId)];

        var late = await Track(Event(ReadingActivityTypes.Progress, entityId: _item.Id, metadata: meta));

        Assert.Equal(1, late.Accepted);
        Assert.Empty(late.ReadingSessions);
        Assert.Equal(finished, _activities.Sessions[(_caller.UserId, sessionId)]);
    }
}
