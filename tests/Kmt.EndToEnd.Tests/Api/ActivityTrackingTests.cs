using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>analytics/track: batches, idempotent retries, and reading sessions with duration and reading speed.</summary>
[Collection(DevHostCollection.Name)]
public sealed class ActivityTrackingTests(DevHostFixture host)
{
    private static readonly string FourHundredWords = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));

    [Fact]
    public async Task A_batch_of_plain_events_is_accepted()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.PostAsync(KmtApi.Track, new
        {
            events = new object[]
            {
                new { activity_type = "app_opened" },
                new { activity_type = "search_performed", metadata = new { query = "x" }, duration_seconds = 3 },
                new { activity_type = "tag_browsed", entity_type = "tag", entity_id = "science" },
            },
        })).Expect(HttpStatusCode.OK);

        Assert.Equal(3, response.Data.Int("accepted"));
        Assert.Equal(0, response.Data.Int("duplicates"));
        Assert.Empty(response.Data["reading_sessions"]!.AsArray());
    }

    [Fact]
    public async Task A_reading_session_gets_its_duration_and_speed_from_the_items_word_count()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync("Long read", FourHundredWords);
        Assert.Equal(400, item.Int("word_count"));
        var id = item.Str("id");
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);

        var started = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_started", id, start) } })).Expect(HttpStatusCode.OK).Data;
        var session = Assert.Single(started["reading_sessions"]!.AsArray())!;
        Assert.Equal(id, session.Str("knowledge_item_id"));
        Assert.Null(session["end_time"]);
        Assert.Null(session["reading_speed_wpm"]);
        Assert.Equal(start, DateTimeOffset.Parse(session.Str("start_time")), TimeSpan.FromMilliseconds(1));

        var progress = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_progress", id, start.AddSeconds(60), completion: 50) } })).Expect(HttpStatusCode.OK).Data;
        var during = Assert.Single(progress["reading_sessions"]!.AsArray())!;
        Assert.Equal(session.Str("id"), during.Str("id"));
        Assert.Equal(50, during["completion_percentage"]!.GetValue<double>());
        Assert.Equal(60, during.Int("duration_seconds"));
        Assert.Null(during["end_time"]);

        var finished = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_finished", id, start.AddSeconds(120)) } })).Expect(HttpStatusCode.OK).Data;
        var done = Assert.Single(finished["reading_sessions"]!.AsArray())!;
        Assert.Equal(session.Str("id"), done.Str("id"));
        Assert.Equal(120, done.Int("duration_seconds"));
        Assert.Equal(100, done["completion_percentage"]!.GetValue<double>());
        Assert.Equal(200, done.Int("reading_speed_wpm")); // 400 words in 2 minutes
        Assert.Equal(start.AddSeconds(120), DateTimeOffset.Parse(done.Str("end_time")), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_whole_session_in_one_batch_with_a_partial_read()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Long read", FourHundredWords)).Str("id");
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);

        // Sent out of order: the server applies them in the order they happened.
        var response = (await user.Client.PostAsync(KmtApi.Track, new
        {
            events = new[]
            {
                Reading("reading_finished", id, start.AddSeconds(30), completion: 25),
                Reading("reading_started", id, start),
            },
        })).Expect(HttpStatusCode.OK).Data;

        Assert.Equal(2, response.Int("accepted"));
        var session = Assert.Single(response["reading_sessions"]!.AsArray())!;
        Assert.Equal(30, session.Int("duration_seconds"));
        Assert.Equal(25, session["completion_percentage"]!.GetValue<double>());
        Assert.Equal(200, session.Int("reading_speed_wpm")); // 100 words in half a minute
    }

    [Fact]
    public async Task Retried_events_with_client_ids_are_counted_as_duplicates_and_change_nothing()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Long read", FourHundredWords)).Str("id");
        var start = DateTimeOffset.UtcNow.AddMinutes(-20);
        var batch = new
        {
            events = new object[]
            {
                Reading("reading_started", id, start, eventId: Guid.NewGuid().ToString()),
                Reading("reading_finished", id, start.AddSeconds(240), eventId: Guid.NewGuid().ToString()),
                new { id = Guid.NewGuid().ToString(), activity_type = "app_opened" },
            },
        };

        var first = (await user.Client.PostAsync(KmtApi.Track, batch)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(3, first.Int("accepted"));
        Assert.Equal(0, first.Int("duplicates"));
        var session = Assert.Single(first["reading_sessions"]!.AsArray())!;
        Assert.Equal(100, session.Int("reading_speed_wpm"));

        var retry = (await user.Client.PostAsync(KmtApi.Track, batch)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(0, retry.Int("accepted"));
        Assert.Equal(3, retry.Int("duplicates"));
        Assert.Empty(retry["reading_sessions"]!.AsArray());

        // A new reading of the item starts a new session rather than reopening the finished one.
        var again = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_started", id, start.AddMinutes(10)) } })).Expect(HttpStatusCode.OK).Data;
        Assert.NotEqual(session.Str("id"), Assert.Single(again["reading_sessions"]!.AsArray())!.Str("id"));
    }

    [Fact]
    public async Task Events_without_ids_are_never_duplicates()
    {
        var user = await host.RegisterAsync();
        var batch = new { events = new[] { new { activity_type = "app_opened" } } };
        (await user.Client.PostAsync(KmtApi.Track, batch)).Expect(HttpStatusCode.OK);
        var second = (await user.Client.PostAsync(KmtApi.Track, batch)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, second.Int("accepted"));
        Assert.Equal(0, second.Int("duplicates"));
    }

    [Fact]
    public async Task The_same_event_id_from_two_users_is_two_events()
    {
        var a = await host.RegisterAsync();
        var b = await host.RegisterAsync();
        var batch = new { events = new[] { new { id = Guid.NewGuid().ToString(), activity_type = "app_opened" } } };
        Assert.Equal(1, (await a.Client.PostAsync(KmtApi.Track, batch)).Expect(HttpStatusCode.OK).Data.Int("accepted"));
        Assert.Equal(1, (await b.Client.PostAsync(KmtApi.Track, batch)).Expect(HttpStatusCode.OK).Data.Int("accepted"));
    }

    [Fact]
    public async Task One_hundred_events_are_accepted_and_101_rejected()
    {
        var user = await host.RegisterAsync();
        var hundred = new { events = Enumerable.Range(0, 100).Select(_ => new { activity_type = "scrolled" }).ToArray() };
        Assert.Equal(100, (await user.Client.PostAsync(KmtApi.Track, hundred)).Expect(HttpStatusCode.OK).Data.Int("accepted"));

        var tooMany = new { events = Enumerable.Range(0, 101).Select(_ => new { id = Guid.NewGuid().ToString(), activity_type = "scrolled" }).ToArray() };
        (await user.Client.PostAsync(KmtApi.Track, tooMany)).ExpectValidation("events");

        // Nothing of the rejected batch was stored: sending its first 100 events is all new.
        var firstHundred = new { events = tooMany.events.Take(100).ToArray() };
        var response = (await user.Client.PostAsync(KmtApi.Track, firstHundred)).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(100, response.Int("accepted"));
        Assert.Equal(0, response.Int("duplicates"));
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_stores_nothing()
    {
        var user = await host.RegisterAsync();
        var good = new { id = Guid.NewGuid().ToString(), activity_type = "app_opened" };
        var response = (await user.Client.PostAsync(KmtApi.Track, new { events = new object[] { good, new { activity_type = "Bad Type!" } } }))
            .ExpectValidation("events[1].activity_type");
        Assert.NotNull(response);

        var retry = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { good } })).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(1, retry.Int("accepted"));
    }

    public static TheoryData<string, string> InvalidBatches() => new()
    {
        { """{}""", "events" },
        { """{"events": []}""", "events" },
        { """{"events": [{}]}""", "events[0].activity_type" },
        { """{"events": [{"activity_type": "ok", "id": "not-a-uuid"}]}""", "events[0].id" },
        { """{"events": [{"activity_type": "ok", "duration_seconds": -1}]}""", "events[0].duration_seconds" },
        { """{"events": [{"activity_type": "ok", "metadata": [1]}]}""", "events[0].metadata" },
        { """{"events": [{"activity_type": "ok", "occurred_at": "2999-01-01T00:00:00Z"}]}""", "events[0].occurred_at" },
        { """{"events": [{"activity_type": "ok", "occurred_at": "soon"}]}""", "events[0].occurred_at" },
        { """{"events": [{"activity_type": "reading_started"}]}""", "events[0].entity_id" },
        { $$"""{"events": [{"activity_type": "reading_started", "entity_id": "{{Guid.NewGuid()}}"}]}""", "events[0].entity_id" },
        { """{"events": [{"activity_type": "reading_started", "entity_id": "garbage"}]}""", "events[0].entity_id" },
        { """{"events": [{"activity_type": "ok", "id": "0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60"}, {"activity_type": "ok", "id": "0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60"}]}""", "events[1].id" },
    };

    [Theory]
    [MemberData(nameof(InvalidBatches))]
    public async Task Invalid_batches_are_validation_errors(string body, string field)
    {
        var user = await host.RegisterAsync();
        (await user.Client.PostAsync(KmtApi.Track, body)).ExpectValidation(field);
    }

    [Fact]
    public async Task Reading_a_trashed_item_fails_like_an_unknown_one()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Gone", "a few words")).Str("id");
        (await user.Client.DeleteAsync($"{KmtApi.Knowledge}/{id}")).Expect(HttpStatusCode.OK);

        var trashed = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_started", id, DateTimeOffset.UtcNow) } })).ExpectValidation("events[0].entity_id");
        var unknown = (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_started", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow) } })).ExpectValidation("events[0].entity_id");
        Assert.Equal(unknown.ErrorWithoutMeta(), trashed.ErrorWithoutMeta());
    }

    [Fact]
    public async Task Completion_percentage_must_be_between_0_and_100()
    {
        var user = await host.RegisterAsync();
        var id = (await user.CreateItemAsync("Item", "words")).Str("id");
        (await user.Client.PostAsync(KmtApi.Track, new { events = new[] { Reading("reading_progress", id, DateTimeOffset.UtcNow, completion: 101) } }))
            .ExpectValidation("events[0].metadata.completion_percentage");
    }

    internal static object Reading(string type, string itemId, DateTimeOffset occurredAt, double? completion = null, string? eventId = null)
    {
        var metadata = new JsonObject();
        if (completion is not null)
        {
            metadata["completion_percentage"] = completion;
        }

        var body = new JsonObject
        {
            ["activity_type"] = type,
            ["entity_type"] = "knowledge_item",
            ["entity_id"] = itemId,
            ["occurred_at"] = occurredAt.ToString("O"),
            ["metadata"] = metadata,
        };
        if (eventId is not null)
        {
            body["id"] = eventId;
        }

        return body;
    }
}
