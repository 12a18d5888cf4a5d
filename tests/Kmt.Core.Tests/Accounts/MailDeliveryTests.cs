using Kmt.Core.Accounts;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Accounts;

public class MailDeliveryTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly RecordingMailOutbox _outbox = new();

    private static OutgoingMail Mail() =>
        new("u1", "ada@example.com", "Reset your KMT password", "Your code:\n\nu1.r1.SECRET\n\nbye", TestSupport.Start) { Secret = "u1.r1.SECRET" };

    [Fact]
    public async Task A_delivered_mail_is_stored_without_its_code_and_the_sender_got_it_whole()
    {
        var delivered = new List<OutgoingMail>();
        var sender = new Mock<IMailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutgoingMail>(), It.IsAny<CancellationToken>()))
            .Callback<OutgoingMail, CancellationToken>((m, _) => delivered.Add(m)).Returns(Task.CompletedTask);
        _clock.Advance(TimeSpan.FromSeconds(3));

        await new MailDelivery(_outbox, _clock, sender.Object).SendAsync(Mail(), CancellationToken.None);

        Assert.Contains("u1.r1.SECRET", Assert.Single(delivered).Body, StringComparison.Ordinal);
        var stored = Assert.Single(await _outbox.ListAsync("u1", CancellationToken.None));
        Assert.DoesNotContain("SECRET", stored.Body, StringComparison.Ordinal);
        Assert.Equal("Your code:\n\n" + OutgoingMail.RemovedSecret + "\n\nbye", stored.Body);
        Assert.Equal(TestSupport.Start.AddSeconds(3), stored.DeliveredAt);
    }

    [Fact]
    public async Task A_failed_delivery_leaves_the_mail_stored_for_a_retry()
    {
        var sender = new Mock<IMailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<OutgoingMail>(), It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("mail service down"));

        await Assert.ThrowsAsync<HttpRequestException>(() => new MailDelivery(_outbox, _clock, sender.Object).SendAsync(Mail(), CancellationToken.None));

        var stored = Assert.Single(await _outbox.ListAsync("u1", CancellationToken.None));
        Assert.Null(stored.DeliveredAt);
        Assert.Contains("u1.r1.SECRET", stored.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_mail_whose_scrub_fails_does_not_fail_the_request()
    {
        var outbox = new Mock<IMailOutbox>();
        outbox.Setup(o => o.MarkDeliveredAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("store connection reset"));
        var sender = new Mock<IMailSender>();

        await new MailDelivery(outbox.Object, _clock, sender.Object).SendAsync(Mail(), CancellationToken.None);

        sender.Verify(s => s.SendAsync(It.IsAny<OutgoingMail>(), It.IsAny<CancellationToken>()), Times.Once);
        outbox.Verify(o => o.EnqueueAsync(It.IsAny<OutgoingMail>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void Scrubbing_a_mail_without_a_code_changes_nothing()
    {
        var notice = new OutgoingMail("u1", "ada@example.com", "Changed", "Your address changed.", TestSupport.Start);

        Assert.Same(notice, notice.Scrubbed());
    }
}
