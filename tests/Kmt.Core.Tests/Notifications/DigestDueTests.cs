using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Notifications;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Notifications;

/// <summary>The digest timer reads only the due users, and each check sets when it looks at the user next.</summary>
public sealed class DigestDueTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 31, 9, 5, 0, TimeSpan.Zero);
    private readonly Mock<INotificationStore> _store = new();
    private readonly Mock<IUserStore> _users = new(MockBehavior.Strict);

    [Theory]
    [InlineData("Etc/UTC")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Pacific/Pago_Pago")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/St_Johns")]
    [InlineData("Europe/Paris")]
    [InlineData("America/Santiago")]
    [InlineData("Australia/Lord_Howe")]
    public void The_next_period_start_is_the_first_instant_the_period_key_changes(string zone)
    {
        var random = new Random(zone.Length);
        for (var i = 0; i < 300; i++)
        {
            var preferences = NotificationPreferences.Defaults("u") with
            {
                TimeZone = zone,
                DigestFrequency = random.Next(2) == 0 ? DigestFrequencies.Daily : DigestFrequencies.Weekly,
                DigestDay = (DayOfWeek)random.Next(7),
                DigestTime = new TimeOnly(random.Next(24), random.Next(4) * 15),
            };
            var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 2 * 365 * 24 * 60));

            var next = NotificationDigestService.NextPeriodStartUtc(preferences, now)!.Value;

            var key = Key(preferences, now);
            Assert.True(next > now);
            // Until then the key stays (or is null: a daily period ends at local midnight, before the next digest time).
            var justBefore = Key(preferences, next.AddMinutes(-1) < now ? now : next.AddMinutes(-1));
            Assert.True(justBefore is null || justBefore == key, $"{justBefore} at {next.AddMinutes(-1):O}, {key} at {now:O}");
            Assert.NotNull(Key(preferences, next));
            Assert.NotEqual(key, Key(preferences, next));
            Assert.True(next - now <= TimeSpan.FromDays(preferences.DigestFrequency == DigestFrequencies.Daily ? 1 : 7) + TimeSpan.FromHours(1));
        }

        Assert.Null(NotificationDigestService.NextPeriodStartUtc(NotificationPreferences.Defaults("u") with { DigestFrequency = DigestFrequencies.Off }, Now));
    }

    [Fact]
    public async Task The_run_reads_the_preferences_of_the_due_users_only_never_the_list_of_every_user()
    {
        _store.Setup(s => s.ListDigestDueAsync(Now, null, 200, It.IsAny<CancellationToken>())).ReturnsAsync(["u1", "u2", "u3"]);
        _store.Setup(s => s.GetPreferencesAsync("u1", It.IsAny<CancellationToken>())).ReturnsAsync(NotificationPreferences.Defaults("u1") with { Email = false });
        _store.Setup(s => s.GetPreferencesAsync("u2", It.IsAny<CancellationToken>())).ReturnsAsync((NotificationPreferences?)null); // defaults: daily at 08:00 UTC
        _store.Setup(s => s.GetPreferencesAsync("u3", It.IsAny<CancellationToken>())).ReturnsAsync(NotificationPreferences.Defaults("u3") with { DigestTime = new TimeOnly(10, 0) });
        _store.Setup(s => s.ListUndigestedAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);

        Assert.Equal(0, await Service().RunAsync(default));

        _store.Verify(s => s.GetPreferencesAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        _store.Verify(s => s.SetDigestDueAsync("u1", null, It.IsAny<CancellationToken>())); // no e-mail: no due time
        _store.Verify(s => s.SetDigestDueAsync("u2", null, It.IsAny<CancellationToken>())); // due, but nothing pending
        _store.Verify(s => s.SetDigestDueAsync("u3", new DateTimeOffset(2025, 1, 31, 10, 0, 0, TimeSpan.Zero), It.IsAny<CancellationToken>())); // before its digest time
        _store.Verify(s => s.AddDigestDueAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_sent_digest_is_due_again_at_the_next_period_and_one_already_sent_this_period_waits_for_it()
    {
        var user = new User { Id = "u1", Email = "a@example.org", NormalizedEmail = "a@example.org", PasswordHash = "x", Role = Roles.User, IsActive = true, CreatedAt = Now, UpdatedAt = Now, ETag = "e" };
        _users.Setup(u => u.GetAsync("u1", It.IsAny<CancellationToken>())).ReturnsAsync(user);
        _store.Setup(s => s.ListUndigestedAsync("u1", It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Notification { Id = "n1", UserId = "u1", DedupeKey = "k", Kind = NotificationKinds.Importance, Title = "t", Body = "b", CreatedAt = Now }]);
        _store.SetupSequence(s => s.TryMarkSentAsync("u1", "digest:daily:2025-01-31", Now, It.IsAny<CancellationToken>())).ReturnsAsync(true).ReturnsAsync(false);
        var privacy = new Mock<IPrivacyStore>();
        privacy.Setup(p => p.GetConsentsAsync("u1", It.IsAny<CancellationToken>())).ReturnsAsync(
            new UserConsents { UserId = "u1", Purposes = [new ConsentState(ConsentPurposes.Notifications, true, Now, null)], UpdatedAt = Now, ETag = "c" });
        var outbox = new Mock<IMailOutbox>();
        var service = Service(privacy.Object, outbox.Object);

        Assert.True(await service.SendIfDueAsync("u1", Now, default));
        Assert.False(await service.SendIfDueAsync("u1", Now, default));

        var tomorrow = new DateTimeOffset(2025, 2, 1, 8, 0, 0, TimeSpan.Zero);
        _store.Verify(s => s.SetDigestDueAsync("u1", tomorrow, It.IsAny<CancellationToken>()), Times.Exactly(2));
        outbox.Verify(o => o.EnqueueAsync(It.Is<OutgoingMail>(m => m.To == "a@example.org"), It.IsAny<CancellationToken>()), Times.Once);
    }

    private NotificationDigestService Service(IPrivacyStore? privacy = null, IMailOutbox? outbox = null)
    {
        var clock = new FakeTimeProvider(Now);
        var notifications = new NotificationService(_store.Object, privacy ?? new InMemoryPrivacyStore(), [], Limits(), clock);
        return new NotificationDigestService(
            _users.Object, _store.Object, notifications, new MailDelivery(outbox ?? Mock.Of<IMailOutbox>(), clock), Options(new NotificationOptions()), clock);
    }

    private static string? Key(NotificationPreferences preferences, DateTimeOffset utc) =>
        NotificationDigestService.PeriodKey(preferences, NotificationClock.Local(utc, preferences.TimeZone));
}
