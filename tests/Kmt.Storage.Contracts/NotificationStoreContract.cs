using Kmt.Core.Common;
using Kmt.Core.Notifications;

namespace Kmt.Storage.Contracts;

/// <summary>INotificationStore: adds idempotent by id, feed newest first, read and digest marks, preferences with ETags, push subscriptions, sent marks; all per user.</summary>
public abstract class NotificationStoreContract : StoreContract
{
    private INotificationStore Store => Stores.Notifications;

    public static Notification NewNotification(string userId, string key, DateTimeOffset at) => new()
    {
        Id = NotificationIds.ForNotification(userId, key),
        UserId = userId,
        DedupeKey = key,
        Kind = NotificationKinds.Importance,
        Title = "Worth revisiting: Ünïcode \"title\"",
        Body = "Opened 3 times; last touched today.",
        Link = "/api/v1/knowledge/x",
        InsightRef = "importance:run:x",
        CreatedAt = at,
    };

    [Fact]
    public virtual async Task A_notification_is_added_once_per_id_and_every_field_round_trips()
    {
        var first = NewNotification(A, "importance:1", T0);

        Assert.True(await Store.TryAddAsync(first, Ct));
        Assert.False(await Store.TryAddAsync(first with { Title = "changed", CreatedAt = T0.AddHours(1) }, Ct));

        Assert.Equal(first, await Store.GetAsync(A, first.Id, Ct));
        Assert.Null(await Store.GetAsync(B, first.Id, Ct));
        Assert.Equal(1, await Store.CountAsync(A, unreadOnly: false, Ct));
        var nulls = NewNotification(A, "importance:2", T0) with { Link = null, InsightRef = null };
        await Store.TryAddAsync(nulls, Ct);
        Assert.Equal(nulls, await Store.GetAsync(A, nulls.Id, Ct));
    }

    [Fact]
    public virtual async Task The_feed_is_newest_first_paged_and_filters_unread()
    {
        var added = new List<Notification>();
        for (var i = 0; i < 5; i++)
        {
            var n = NewNotification(A, $"k{i}", T0.AddMinutes(i));
            added.Add(n);
            await Store.TryAddAsync(n, Ct);
        }

        await Store.TryAddAsync(NewNotification(B, "k0", T0.AddDays(1)), Ct);

        var page1 = await Store.ListAsync(A, false, 0, 2, Ct);
        var page2 = await Store.ListAsync(A, false, 2, 2, Ct);
        Assert.Equal([added[4].Id, added[3].Id], page1.Select(n => n.Id));
        Assert.Equal([added[2].Id, added[1].Id], page2.Select(n => n.Id));

        Assert.True(await Store.MarkReadAsync(A, added[4].Id, T0.AddHours(1), Ct));
        Assert.True(await Store.MarkReadAsync(A, added[4].Id, T0.AddHours(2), Ct));
        Assert.Equal(T0.AddHours(1), (await Store.GetAsync(A, added[4].Id, Ct))!.ReadAt);
        Assert.Equal([added[3].Id, added[2].Id, added[1].Id, added[0].Id], (await Store.ListAsync(A, true, 0, 10, Ct)).Select(n => n.Id));
        Assert.Equal(4, await Store.CountAsync(A, unreadOnly: true, Ct));
        Assert.Equal(5, await Store.CountAsync(A, unreadOnly: false, Ct));
    }

    [Fact]
    public virtual async Task Marks_touch_only_the_owners_notifications()
    {
        var mine = NewNotification(A, "k", T0);
        var theirs = NewNotification(B, "k", T0);
        await Store.TryAddAsync(mine, Ct);
        await Store.TryAddAsync(theirs, Ct);

        Assert.False(await Store.MarkReadAsync(B, mine.Id, T0, Ct));
        Assert.False(await Store.MarkReadAsync(A, Ids.New(), T0, Ct));
        Assert.Equal(1, await Store.MarkAllReadAsync(A, T0.AddMinutes(1), Ct));
        Assert.Equal(0, await Store.MarkAllReadAsync(A, T0.AddMinutes(2), Ct));

        Assert.Equal(T0.AddMinutes(1), (await Store.GetAsync(A, mine.Id, Ct))!.ReadAt);
        Assert.Null((await Store.GetAsync(B, theirs.Id, Ct))!.ReadAt);
    }

    [Fact]
    public virtual async Task Undigested_notifications_are_listed_oldest_first_until_marked()
    {
        var old = NewNotification(A, "old", T0);
        var recent = NewNotification(A, "recent", T0.AddMinutes(5));
        await Store.TryAddAsync(recent, Ct);
        await Store.TryAddAsync(old, Ct);

        Assert.Equal([old.Id, recent.Id], (await Store.ListUndigestedAsync(A, 10, Ct)).Select(n => n.Id));
        Assert.Equal([old.Id], (await Store.ListUndigestedAsync(A, 1, Ct)).Select(n => n.Id));

        await Store.MarkDigestedAsync(A, [old.Id], T0.AddHours(1), Ct);

        Assert.Equal([recent.Id], (await Store.ListUndigestedAsync(A, 10, Ct)).Select(n => n.Id));
        Assert.Equal(T0.AddHours(1), (await Store.GetAsync(A, old.Id, Ct))!.DigestedAt);
        Assert.Empty(await Store.ListUndigestedAsync(B, 10, Ct));
    }

    [Fact]
    public virtual async Task Preferences_round_trip_and_are_replaced_only_at_the_expected_etag()
    {
        Assert.Null(await Store.GetPreferencesAsync(A, Ct));
        var saved = new NotificationPreferences
        {
            UserId = A,
            InApp = false,
            Email = true,
            Push = true,
            DigestFrequency = DigestFrequencies.Weekly,
            DigestTime = new TimeOnly(7, 30),
            DigestDay = DayOfWeek.Friday,
            TimeZone = "Europe/Berlin",
            QuietHoursStart = new TimeOnly(22, 0),
            QuietHoursEnd = new TimeOnly(7, 0),
            UpdatedAt = T0,
            ETag = ETags.New(),
        };

        Assert.True(await Store.SavePreferencesAsync(saved, null, Ct));
        Assert.Equal(saved, await Store.GetPreferencesAsync(A, Ct));
        Assert.Null(await Store.GetPreferencesAsync(B, Ct));

        var next = saved with { DigestFrequency = DigestFrequencies.Off, QuietHoursStart = null, QuietHoursEnd = null, ETag = ETags.New() };
        Assert.False(await Store.SavePreferencesAsync(next, ETags.New(), Ct));
        Assert.Equal(saved, await Store.GetPreferencesAsync(A, Ct));
        Assert.True(await Store.SavePreferencesAsync(next, saved.ETag, Ct));
        Assert.Equal(next, await Store.GetPreferencesAsync(A, Ct));
    }

    [Fact]
    public virtual async Task Push_subscriptions_are_kept_per_id_and_deleted_by_their_owner_only()
    {
        var endpoint = "https://push.example.org/send/" + Run;
        var sub = new PushSubscription { Id = NotificationIds.ForSubscription(A, endpoint), UserId = A, Endpoint = endpoint, P256dh = "p-1", Auth = "a-1", CreatedAt = T0 };
        await Store.SavePushSubscriptionAsync(sub, Ct);
        var renewed = sub with { P256dh = "p-2", Auth = "a-2", CreatedAt = T0.AddMinutes(1) };
        await Store.SavePushSubscriptionAsync(renewed, Ct);

        Assert.Equal([renewed], await Store.ListPushSubscriptionsAsync(A, Ct));
        Assert.Empty(await Store.ListPushSubscriptionsAsync(B, Ct));
        Assert.False(await Store.DeletePushSubscriptionAsync(B, sub.Id, Ct));
        Assert.True(await Store.DeletePushSubscriptionAsync(A, sub.Id, Ct));
        Assert.False(await Store.DeletePushSubscriptionAsync(A, sub.Id, Ct));
        Assert.Empty(await Store.ListPushSubscriptionsAsync(A, Ct));
    }

    [Fact]
    public virtual async Task A_sent_mark_is_claimed_once_per_user_and_key()
    {
        Assert.True(await Store.TryMarkSentAsync(A, "digest:daily:2025-01-01", T0, Ct));
        Assert.False(await Store.TryMarkSentAsync(A, "digest:daily:2025-01-01", T0.AddMinutes(1), Ct));
        Assert.True(await Store.TryMarkSentAsync(A, "digest:daily:2025-01-02", T0, Ct));
        Assert.True(await Store.TryMarkSentAsync(B, "digest:daily:2025-01-01", T0, Ct));
    }

    [Fact]
    public virtual async Task Erasing_a_user_removes_their_notifications_preferences_subscriptions_and_marks()
    {
        await Store.TryAddAsync(NewNotification(A, "k", T0), Ct);
        await Store.TryAddAsync(NewNotification(B, "k", T0), Ct);
        await Store.SavePreferencesAsync(NotificationPreferences.Defaults(A) with { ETag = ETags.New() }, null, Ct);
        await Store.SavePushSubscriptionAsync(new PushSubscription { Id = Ids.New(), UserId = A, Endpoint = "https://push.example.org/e", P256dh = "p", Auth = "a", CreatedAt = T0 }, Ct);
        await Store.TryMarkSentAsync(A, "digest:x", T0, Ct);

        await Stores.Eraser.EraseAsync(A, Ct);

        Assert.Equal(0, await Store.CountAsync(A, false, Ct));
        Assert.Null(await Store.GetPreferencesAsync(A, Ct));
        Assert.Empty(await Store.ListPushSubscriptionsAsync(A, Ct));
        Assert.True(await Store.TryMarkSentAsync(A, "digest:x", T0, Ct));
        Assert.Equal(1, await Store.CountAsync(B, false, Ct));
    }

    [Fact]
    public virtual async Task Only_users_whose_digest_is_due_are_listed_in_user_id_order_and_a_due_time_can_be_set_added_or_removed()
    {
        // Far in the past: the query crosses users, and users of other tests are due at real times.
        var at = new DateTimeOffset(2001, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var (first, second) = string.CompareOrdinal(A, B) < 0 ? (A, B) : (B, A);
        var later = "zz-" + Guid.NewGuid().ToString("N");
        await Store.SetDigestDueAsync(second, at, Ct);
        await Store.SetDigestDueAsync(first, at.AddMinutes(-30), Ct);
        await Store.SetDigestDueAsync(later, at.AddHours(1), Ct);

        Assert.Equal([first, second], await Store.ListDigestDueAsync(at, null, 10, Ct));
        Assert.Equal([first], await Store.ListDigestDueAsync(at, null, 1, Ct));
        Assert.Equal([second], await Store.ListDigestDueAsync(at, first, 1, Ct));
        Assert.Equal([first, second, later], await Store.ListDigestDueAsync(at.AddHours(1), null, 10, Ct));

        // Add keeps an existing due time; set replaces it; null removes it.
        await Store.AddDigestDueAsync(later, at.AddHours(-5), Ct);
        Assert.DoesNotContain(later, await Store.ListDigestDueAsync(at, null, 10, Ct));
        await Store.SetDigestDueAsync(second, at.AddDays(1), Ct);
        await Store.SetDigestDueAsync(first, null, Ct);
        await Store.SetDigestDueAsync(first, null, Ct); // removing twice is fine
        Assert.Empty(await Store.ListDigestDueAsync(at, null, 10, Ct));
        await Store.AddDigestDueAsync(first, at, Ct);
        Assert.Equal([first], await Store.ListDigestDueAsync(at, null, 10, Ct));
    }
}
