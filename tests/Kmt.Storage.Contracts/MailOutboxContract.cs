using Kmt.Core.Accounts;

namespace Kmt.Storage.Contracts;

/// <summary>IMailOutbox: mail per user, and a delivered mail's stored copy keeps no one-time code.</summary>
public abstract class MailOutboxContract : StoreContract
{
    [Fact]
    public virtual async Task Mail_is_kept_per_user_oldest_first_and_a_delivered_one_keeps_no_code()
    {
        var outbox = Stores.Mail;
        var reset = new OutgoingMail(A, Email("ada"), "Reset your KMT password", $"Your code:\n\n{A}.r1.SECRET\n\nbye", T0) { Secret = $"{A}.r1.SECRET" };
        var notice = new OutgoingMail(A, Email("ada"), "Changed", "Your address changed.", T0.AddMinutes(1));
        var others = new OutgoingMail(B, Email("bob"), "Reset", $"{B}.r2.SECRET", T0) { Secret = $"{B}.r2.SECRET" };
        foreach (var mail in new[] { notice, reset, others })
        {
            await outbox.EnqueueAsync(mail, Ct);
        }

        var pending = await outbox.ListAsync(A, Ct);
        Assert.Equal([reset.Id, notice.Id], pending.Select(m => m.Id));
        Assert.Equal(reset with { Secret = null }, pending[0]); // waiting for delivery: the code is still needed
        Assert.Null(pending[0].DeliveredAt);

        var scrubbed = reset.Scrubbed();
        await outbox.MarkDeliveredAsync(A, reset.Id, scrubbed.Body, T0.AddSeconds(2), Ct);
        await outbox.MarkDeliveredAsync(A, others.Id, "not yours", T0.AddSeconds(2), Ct); // another user's mail: nothing

        var delivered = (await outbox.ListAsync(A, Ct))[0];
        Assert.Equal(scrubbed with { DeliveredAt = T0.AddSeconds(2) }, delivered);
        Assert.DoesNotContain("SECRET", delivered.Body, StringComparison.Ordinal);
        Assert.Equal(others with { Secret = null }, Assert.Single(await outbox.ListAsync(B, Ct)));
    }
}
