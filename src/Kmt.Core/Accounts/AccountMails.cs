namespace Kmt.Core.Accounts;

/// <summary>
/// The mails of the e-mail change (docs/api.md, "E-mail change"). A mail carrying a one-time code names
/// it in <see cref="OutgoingMail.Secret"/>, so the outbox can remove it from the stored copy once the mail
/// is delivered.
/// </summary>
public static class AccountMails
{
    public const string ConfirmSubject = "Confirm your new KMT e-mail address";
    public const string RequestedSubject = "Your KMT e-mail address is about to change";
    public const string ChangedSubject = "Your KMT e-mail address was changed";

    /// <summary>To the new address: the code that confirms it.</summary>
    public static OutgoingMail ConfirmNewEmail(User user, string newEmail, string token, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        var hours = Math.Max(1, (int)Math.Round(lifetime.TotalHours));
        var body =
            $"""
            Someone asked to use this address for a KMT account.

            Your confirmation code (valid for {hours} hours, usable once):

            {token}

            If it was not you, ignore this mail: nothing changes until the code is confirmed.
            """;
        return new OutgoingMail(user.Id, newEmail, ConfirmSubject, body, now) { Secret = token };
    }

    /// <summary>To the old address when the change is requested: no code, so only the new mailbox can confirm.</summary>
    public static OutgoingMail EmailChangeRequested(User user, string newEmail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        var body =
            $"""
            Someone signed in to your KMT account with its password asked to change its e-mail address to {newEmail}.

            The change takes effect only when that address confirms it. If it was not you, change your password now:
            that also voids the pending change.
            """;
        return new OutgoingMail(user.Id, user.Email, RequestedSubject, body, now);
    }

    /// <summary>To the old address once the new one confirmed.</summary>
    public static OutgoingMail EmailChanged(User before, string newEmail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        var body =
            $"""
            The e-mail address of your KMT account was changed from {before.Email} to {newEmail}.

            If it was not you, contact support: this address no longer signs in.
            """;
        return new OutgoingMail(before.Id, before.Email, ChangedSubject, body, now);
    }
}
