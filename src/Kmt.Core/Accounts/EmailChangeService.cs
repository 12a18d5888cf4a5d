using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Accounts;

/// <summary>
/// Changing a local account's e-mail address (docs/api.md, "E-mail change"): the current password is
/// required, and the address changes only when the code mailed to the new address is confirmed, so a
/// stolen access token alone cannot move the account (and its password resets) to another mailbox. The
/// old address is told at both steps. Accounts of an external identity provider change their address
/// there.
/// </summary>
public sealed class EmailChangeService
{
    public const string InvalidTokenMessage = "The confirmation code is invalid or has expired.";
    public const string ManagedExternallyMessage = "This account's e-mail address is managed by Microsoft Entra ID: change it there.";

    private readonly IUserStore _users;
    private readonly ICredentialStore _credentials;
    private readonly MailDelivery _mail;
    private readonly PasswordHasher _hasher;
    private readonly IAuditLog _audit;
    private readonly AuthOptions _options;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;

    public EmailChangeService(
        IUserStore users,
        ICredentialStore credentials,
        MailDelivery mail,
        PasswordHasher hasher,
        IAuditLog audit,
        IOptions<AuthOptions> options,
        IOptions<KmtLimits> limits,
        TimeProvider timeProvider)
    {
        _users = users;
        _credentials = credentials;
        _mail = mail;
        _hasher = hasher;
        _audit = audit;
        _options = options.Value;
        _limits = limits.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Checks the password and mails a one-time code to the new address. A wrong password is a 400 on
    /// current_password (as for account deletion: the access token itself is fine); an address another
    /// account holds is a 409 now and again at confirmation, when the store's unique key decides.
    /// </summary>
    public async Task<EmailChangeRequest> RequestAsync(AuthenticatedUser caller, EmailChangeInput input, CancellationToken cancellationToken, ClientInfo? client = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await _users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
        if (_options.IsEntraMode || user.ExternalSubject is not null)
        {
            throw new KmtException(ErrorCode.Forbidden, ManagedExternallyMessage);
        }

        var validation = new Validation()
            .Require(!string.IsNullOrEmpty(input?.CurrentPassword), "current_password", "current_password is required.");
        var newEmail = AccountRules.Email(input?.NewEmail, _limits, validation, "new_email");
        validation.ThrowIfInvalid();

        if (!_hasher.Verify(input!.CurrentPassword!, user.PasswordHash))
        {
            await _audit.AppendAsync(AuditEvents.Create(user.Id, AuditEvents.EmailChangeRequested, _timeProvider.GetUtcNow(), client, AuditEvents.Failure), cancellationToken);
            throw new ValidationException("current_password", "Password is incorrect.");
        }

        var normalized = AccountRules.NormalizeEmail(newEmail!);
        if (normalized == user.NormalizedEmail)
        {
            throw new ValidationException("new_email", "This is already the account's e-mail address.");
        }

        if (await _users.FindByEmailAsync(normalized, cancellationToken) is not null)
        {
            throw KmtException.Conflict("An account with this email already exists.");
        }

        var now = _timeProvider.GetUtcNow();
        var token = OpaqueToken.Create(user.Id, Ids.New());
        var expiresAt = now + _options.EmailChangeTokenLifetime;
        await _credentials.CreateResetTokenAsync(
            new PasswordResetToken
            {
                Id = token.RecordId,
                UserId = user.Id,
                TokenHash = token.Hash(),
                CreatedAt = now,
                ExpiresAt = expiresAt,
                Purpose = PasswordResetToken.EmailChangePurpose,
                NewEmail = newEmail,
            },
            cancellationToken);

        await _mail.SendAsync(AccountMails.ConfirmNewEmail(user, newEmail!, token.Value, _options.EmailChangeTokenLifetime, now), cancellationToken);
        await _mail.SendAsync(AccountMails.EmailChangeRequested(user, newEmail!, now), cancellationToken);
        await _audit.AppendAsync(AuditEvents.Create(user.Id, AuditEvents.EmailChangeRequested, now, client), cancellationToken);
        return new EmailChangeRequest(newEmail!, expiresAt);
    }

    /// <summary>
    /// Moves the account to the address the code was mailed to. Needs no access token (the code is the
    /// proof, and it may be opened on another device); the code is used up first, so it works once.
    /// </summary>
    public async Task<User> ConfirmAsync(ConfirmEmailInput input, CancellationToken cancellationToken, ClientInfo? client = null)
    {
        new Validation().Require(!string.IsNullOrWhiteSpace(input?.Token), "token", "token is required.").ThrowIfInvalid();
        if (_options.IsEntraMode)
        {
            throw new KmtException(ErrorCode.Forbidden, ManagedExternallyMessage);
        }

        if (!OpaqueToken.TryParse(input!.Token!.Trim(), out var token))
        {
            throw InvalidToken();
        }

        var now = _timeProvider.GetUtcNow();
        var stored = await _credentials.GetResetTokenAsync(token.UserId, token.RecordId, cancellationToken);
        if (stored is null || stored.UserId != token.UserId || !token.MatchesHash(stored.TokenHash) || stored.UsedAt is not null
            || stored.ExpiresAt <= now || stored.Purpose != PasswordResetToken.EmailChangePurpose || string.IsNullOrEmpty(stored.NewEmail))
        {
            throw InvalidToken();
        }

        var user = await _users.GetAsync(token.UserId, cancellationToken);
        if (user is null || !user.IsActive || user.ExternalSubject is not null
            || !await _credentials.UseResetTokenAsync(token.UserId, token.RecordId, now, cancellationToken))
        {
            throw InvalidToken();
        }

        var newEmail = stored.NewEmail;
        var normalized = AccountRules.NormalizeEmail(newEmail);

        // The store's unique key decides who gets the address (on Cosmos DB a claim in userKeys): 409 if taken meanwhile.
        var (before, updated) = await ConcurrencyRetry.RunAsync(async () =>
        {
            var current = await _users.GetAsync(token.UserId, cancellationToken) ?? throw InvalidToken();
            var next = current with { Email = newEmail, NormalizedEmail = normalized, UpdatedAt = now, ETag = ETags.New() };
            await _users.ReplaceAsync(next, current.ETag, cancellationToken);
            return (current, next);
        });

        await _audit.AppendAsync(AuditEvents.Create(user.Id, AuditEvents.EmailChanged, now, client), cancellationToken);
        await _mail.SendAsync(AccountMails.EmailChanged(before, newEmail, now), cancellationToken);
        return updated;
    }

    private static ValidationException InvalidToken() => new("token", InvalidTokenMessage);
}
