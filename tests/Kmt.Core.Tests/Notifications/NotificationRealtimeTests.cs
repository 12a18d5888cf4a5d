using Kmt.Core.Common;
using Kmt.Core.Notifications;
using Kmt.Core.Privacy;
using Kmt.Core.Realtime;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Options;
using Moq;

namespace Kmt.Core.Tests.Notifications;

/// <summary>
/// A newly stored notification reaches the person's open clients as a real-time notification message
/// (docs/api.md, "Real-time"), once: a repeat of the same dedupe key sends nothing, and without the
/// notifications consent nothing is stored or sent.
/// </summary>
public sealed class NotificationRealtimeTests
{
    private readonly Mock<INotificationStore> _store = new();
    private readonly Mock<IRealtimePublisher> _publisher = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly List<(string UserId, RealtimeMessage Message)> _sent = [];

    public NotificationRealtimeTests()
    {
        _publisher.Setup(p => p.PublishAsync(It.IsAny<string>(), It.IsAny<RealtimeMessage>(), It.IsAny<CancellationToken>()))
            .Callback<string, RealtimeMessage, CancellationToken>((u, m, _) => _sent.Add((u, m)))
            .Returns(Task.CompletedTask);
        _store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Notification?)null);
    }

    [Fact]
    public async Task A_new_notification_is_sent_as_a_notification_message_to_its_owner_only()
    {
        Grant("u1", true);
        _store.Setup(s => s.TryAddAsync(It.IsAny<Notification>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var stored = await Service().PublishAsync("u1", "importance:item-1", "importance", "Worth revisiting: Zig", "Opened 3 times.", "/api/v1/knowledge/item-1", "importance:r:item-1", CancellationToken.None);

        var (userId, message) = Assert.Single(_sent);
        Assert.Equal("u1", userId);
        Assert.Equal(RealtimeChannels.Notification, message.Type);
        Assert.Equal(RealtimeChannels.Notifications, message.Channel);
        var data = Assert.IsType<NotificationMessage>(message.Data);
        Assert.Equal(stored!.Id, data.Id);
        Assert.Equal("Worth revisiting: Zig", data.Title);
        Assert.Equal("/api/v1/knowledge/item-1", data.Link);
        Assert.False(data.Read);
    }

    [Fact]
    public async Task A_repeated_dedupe_key_is_not_sent_again()
    {
        Grant("u1", true);
        _store.Setup(s => s.TryAddAsync(It.IsAny<Notification>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        await Service().PublishAsync("u1", "importance:item-1", "importance", "t", "b", null, null, CancellationToken.None);

        Assert.Empty(_sent);
    }

    [Fact]
    public async Task Without_the_notifications_consent_nothing_is_stored_or_sent()
    {
        Grant("u1", false);

        Assert.Null(await Service().PublishAsync("u1", "importance:item-1", "importance", "t", "b", null, null, CancellationToken.None));

        Assert.Empty(_sent);
        _store.Verify(s => s.TryAddAsync(It.IsAny<Notification>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private NotificationService Service()
    {
        var realtime = new RealtimeEvents(_publisher.Object, Mock.Of<IRealtimeNegotiator>(), Options.Create(new RealtimeOptions()), TimeProvider.System);
        return new NotificationService(_store.Object, _privacy, [], Options.Create(new KmtLimits()), TimeProvider.System, realtime: realtime);
    }

    private void Grant(string userId, bool granted) => _privacy.Consents[userId] = new UserConsents
    {
        UserId = userId,
        Purposes = [new ConsentState(ConsentPurposes.Notifications, granted, DateTimeOffset.UtcNow, null)],
        UpdatedAt = DateTimeOffset.UtcNow,
        ETag = "\"1\"",
    };
}
