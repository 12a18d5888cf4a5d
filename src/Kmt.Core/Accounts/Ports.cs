namespace Kmt.Core.Accounts;

/// <summary>
/// Accounts. Partitioned by user id; the lookups not keyed by user id, by e-mail and by external
/// subject, are unique-key lookups (on Cosmos DB: the userKeys container, keys "email:{normalized e-mail}"
/// and "external:{subject}"), never a scan.
/// </summary>
public interface IUserStore
{
    Task<User?> GetAsync(string userId, CancellationToken cancellationToken);

    Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>The account of an external identity (<see cref="User.ExternalSubject"/>, compared exactly), or null.</summary>
    Task<User?> FindByExternalSubjectAsync(string externalSubject, CancellationToken cancellationToken);

    /// <summary>
    /// Throws a CONFLICT <see cref="Common.KmtException"/> when the e-mail or the external subject
    /// (when not null) is taken.
    /// </summary>
    Task CreateAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the user when its stored ETag equals <paramref name="expectedETag"/>; throws
    /// PRECONDITION_FAILED otherwise and CONFLICT when a changed e-mail is taken.
    /// </summary>
    Task ReplaceAsync(User user, string expectedETag, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of active accounts (<see cref="User.IsActive"/>) in ordinal id order, those after
    /// <paramref name="afterUserId"/> when given, at most <paramref name="take"/>: the nightly insight
    /// run pages through every user this way (the one walk across users' partitions).
    /// </summary>
    Task<IReadOnlyList<string>> ListActiveUserIdsAsync(string? afterUserId, int take, CancellationToken cancellationToken);
}

/// <summary>
/// Login families, refresh sessions and password-reset tokens, all within the user's partition. A login is
/// one <see cref="SessionFamily"/> record plus the sessions it rotated through; revoking a login writes the
/// family only (docs/design/identity.md, "Sign-in sessions").
/// </summary>
public interface ICredentialStore
{
    /// <summary>Starts a login: stores the family and its first session.</summary>
    Task CreateFamilyAsync(SessionFamily family, RefreshSession first, CancellationToken cancellationToken);

    Task<SessionFamily?> GetFamilyAsync(string userId, string familyId, CancellationToken cancellationToken);

    Task CreateSessionAsync(RefreshSession session, CancellationToken cancellationToken);

    Task<RefreshSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="sessionId"/> used (replaced by <paramref name="replacement"/>), stores the
    /// replacement and moves the family's expiry to the replacement's, only if the session is still unused
    /// and unrevoked. Returns false when another request won the race.
    /// </summary>
    Task<bool> RotateSessionAsync(string userId, string sessionId, DateTimeOffset usedAt, RefreshSession replacement, CancellationToken cancellationToken);

    Task RevokeSessionAsync(string userId, string sessionId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>Revokes the login (one write: the family record); keeps the first revocation time.</summary>
    Task RevokeFamilyAsync(string userId, string familyId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>Revokes every login of the user (one write per family, none per session).</summary>
    Task RevokeAllSessionsAsync(string userId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    Task CreateResetTokenAsync(PasswordResetToken token, CancellationToken cancellationToken);

    Task<PasswordResetToken?> GetResetTokenAsync(string userId, string tokenId, CancellationToken cancellationToken);

    /// <summary>Marks the token used if it is not yet; false if it already was.</summary>
    Task<bool> UseResetTokenAsync(string userId, string tokenId, DateTimeOffset usedAt, CancellationToken cancellationToken);

    /// <summary>Marks every still-unused reset token of the user used (a reset succeeded: the other links die).</summary>
    Task UseAllResetTokensAsync(string userId, DateTimeOffset usedAt, CancellationToken cancellationToken);
}

/// <summary>
/// Outgoing mail, kept per user. A mail is stored before it is delivered (so a failed delivery can be
/// retried) and, once delivered, its stored copy is replaced by one without its one-time code: no stored
/// record keeps a usable reset or confirmation code (docs/design/identity.md, "Mail").
/// </summary>
public interface IMailOutbox
{
    /// <summary>Stores the mail (<see cref="OutgoingMail.Id"/>) as not yet delivered.</summary>
    Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken);

    /// <summary>Records the delivery and replaces the stored body with <paramref name="scrubbedBody"/>; nothing for another user's mail.</summary>
    Task MarkDeliveredAsync(string userId, string mailId, string scrubbedBody, DateTimeOffset deliveredAt, CancellationToken cancellationToken);

    /// <summary>The user's stored mail, oldest first (<see cref="OutgoingMail.Secret"/> is not stored).</summary>
    Task<IReadOnlyList<OutgoingMail>> ListAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers a mail: locally the log (<see cref="LoggingMailSender"/>, how a developer reads a reset
/// code); in Azure a mail service. With none registered, mail stays in the outbox, undelivered.
/// </summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>
/// One mail. <see cref="Secret"/> names the one-time code the body carries (a reset or confirmation
/// code), which no stored copy keeps once the mail is delivered (<see cref="Scrubbed"/>).
/// </summary>
public sealed record OutgoingMail(string UserId, string To, string Subject, string Body, DateTimeOffset CreatedAt)
{
    public const string RemovedSecret = "[code removed after delivery]";

    public string Id { get; init; } = Common.Ids.New();

    public string? Secret { get; init; }

    /// <summary>Set on a stored copy once the mail was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The copy an outbox keeps after delivery: the code replaced, nothing else changed.</summary>
    public OutgoingMail Scrubbed() => Secret is null
        ? this
        : this with { Body = Body.Replace(Secret, RemovedSecret, StringComparison.Ordinal), Secret = null };
}
