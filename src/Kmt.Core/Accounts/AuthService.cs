using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Core.RateLimits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Accounts;

/// <summary>
/// Registration, login, refresh-token rotation, logout and password reset (the seed's 5.1.1), and the
/// per-request check of an access token.
/// </summary>
/// <remarks>
/// A login starts a refresh-token family (<see cref="SessionFamily"/>) whose first session has Id ==
/// FamilyId; access tokens carry that id as "sid". Every rotation extends the family's expiry, and
/// revoking a login marks the family record only, which <see cref="AuthenticateAsync"/> and
/// <see cref="RefreshAsync"/> read, so the family's access tokens stop at once rather than when they
/// expire (docs/design/identity.md, "Sign-in sessions").
/// </remarks>
public sealed class AuthService
{
    public const string InvalidCredentialsMessage = "Email or password is incorrect.";
    public const string InvalidRefreshTokenMessage = "The refresh token is invalid or has expired. Log in again.";
    public const string InvalidAccessTokenMessage = "The access token is invalid or has expired.";
    public const string InvalidResetTokenMessage = "The reset link is invalid or has expired.";

    private readonly IUserStore _users;
    private readonly ICredentialStore _credentials;
    private readonly MailDelivery _mail;
    private readonly PasswordHasher _hasher;
    private readonly AccessTokenService _accessTokens;
    private readonly AuthOptions _options;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AuthService> _logger;
    private readonly IAuditLog? _audit;
    private readonly AccountThrottle? _throttle;
    private readonly SessionCheckCache? _sessionChecks;

    // Verified against when the e-mail is unknown, so that "no such account" takes as long as
    // "wrong password" and response times do not reveal which addresses have accounts.
    private readonly Lazy<string> _dummyHash;

    public AuthService(
        IUserStore users,
        ICredentialStore credentials,
        MailDelivery mail,
        PasswordHasher hasher,
        AccessTokenService accessTokens,
        IOptions<AuthOptions> options,
        IOptions<KmtLimits> limits,
        TimeProvider timeProvider,
        ILogger<AuthService> logger,
        IAuditLog? audit = null,
        AccountThrottle? throttle = null,
        SessionCheckCache? sessionChecks = null)
    {
        _sessionChecks = sessionChecks;
        _throttle = throttle;
        _users = users;
        _credentials = credentials;
        _mail = mail;
        _hasher = hasher;
        _accessTokens = accessTokens;
        _options = options.Value;
        _limits = limits.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _audit = audit;
        _dummyHash = new Lazy<string>(() => _hasher.Hash(Guid.NewGuid().ToString()));
    }

    public async Task<AuthResult> RegisterAsync(RegisterInput input, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation();
        var email = AccountRules.Email(input.Email, _limits, validation);
        var password = AccountRules.NewPassword(input.Password, _options, validation);
        var firstName = AccountRules.Name(input.FirstName, "first_name", _limits, validation);
        var lastName = AccountRules.Name(input.LastName, "last_name", _limits, validation);
        validation.ThrowIfInvalid();

        var normalizedEmail = AccountRules.NormalizeEmail(email!);

        // The store's unique key is the real guard (two registrations can race); this gives the common case a cheap answer.
        if (await _users.FindByEmailAsync(normalizedEmail, cancellationToken) is not null)
        {
            throw EmailTaken();
        }

        var now = _timeProvider.GetUtcNow();
        var user = new User
        {
            Id = Ids.New(),
            Email = email!,
            NormalizedEmail = normalizedEmail,
            PasswordHash = _hasher.Hash(password!),
            FirstName = firstName,
            LastName = lastName,
            Role = Roles.User,
            CreatedAt = now,
            UpdatedAt = now,
            LastLogin = now,
            ETag = ETags.New(),
        };

        await _users.CreateAsync(user, cancellationToken);
        await AuditAsync(user.Id, AuditEvents.Registered, now, client, AuditEvents.Success, cancellationToken);
        return await StartLoginAsync(user, client, now, cancellationToken);
    }

    public async Task<AuthResult> LoginAsync(LoginInput input, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Only presence is checked: the password policy and e-mail format are for new accounts, and
        // reporting them here would only tell a guesser more than "incorrect".
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(input.Email), "email", "Email is required.")
            .Require(!string.IsNullOrEmpty(input.Password), "password", "Password is required.")
            .ThrowIfInvalid();

        var normalizedEmail = AccountRules.NormalizeEmail(input.Email!.Trim());
        if (_throttle is not null)
        {
            // Per account, from whatever IP: password spraying (docs/api.md, "Rate limits").
            await _throttle.SignInAttemptAsync(normalizedEmail, cancellationToken);
        }

        var user = normalizedEmail.Length <= _limits.EmailMaxLength
            ? await _users.FindByEmailAsync(normalizedEmail, cancellationToken)
            : null;

        if (user is null)
        {
            _hasher.Verify(input.Password!, _dummyHash.Value);
            throw KmtException.Unauthorized(InvalidCredentialsMessage);
        }

        if (!_hasher.Verify(input.Password!, user.PasswordHash) || !user.IsActive)
        {
            await AuditAsync(user.Id, AuditEvents.SignIn, _timeProvider.GetUtcNow(), client, AuditEvents.Failure, cancellationToken);
            throw KmtException.Unauthorized(InvalidCredentialsMessage);
        }

        var now = _timeProvider.GetUtcNow();
        user = await RecordLoginAsync(user, input.Password!, now, cancellationToken);
        await AuditAsync(user.Id, AuditEvents.SignIn, now, client, AuditEvents.Success, cancellationToken);
        return await StartLoginAsync(user, client, now, cancellationToken);
    }

    public async Task<AuthResult> RefreshAsync(RefreshInput input, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.RefreshToken))
        {
            throw new ValidationException("refresh_token", "refresh_token is required.");
        }

        if (!OpaqueToken.TryParse(input.RefreshToken.Trim(), out var token))
        {
            throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
        }

        var session = await _credentials.GetSessionAsync(token.UserId, token.RecordId, cancellationToken);
        if (session is null || session.UserId != token.UserId || !token.MatchesHash(session.TokenHash) || session.RevokedAt is not null)
        {
            throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
        }

        if (_throttle is not null)
        {
            // Per token family, not per IP: many users share a carrier NAT address.
            await _throttle.RefreshAsync(session.FamilyId, cancellationToken);
        }

        var now = _timeProvider.GetUtcNow();
        var family = await _credentials.GetFamilyAsync(session.UserId, session.FamilyId, cancellationToken);
        if (family is null || !family.IsActiveAt(now))
        {
            throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
        }

        var user = await _users.GetAsync(session.UserId, cancellationToken);
        if (user is null || !user.IsActive)
        {
            throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
        }

        if (session.UsedAt is not null)
        {
            return await AnswerReuseAsync(user, session, token, now, client, cancellationToken);
        }

        if (session.ExpiresAt <= now)
        {
            throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
        }

        var next = NewSuccessor(session, token, client, now, out var nextToken);
        if (!await _credentials.RotateSessionAsync(user.Id, session.Id, now, next, cancellationToken))
        {
            // Another request exchanged the same token between our read and our write: a second tab
            // within the grace window gets that request's successor, anything else is reuse.
            var winner = await _credentials.GetSessionAsync(user.Id, session.Id, cancellationToken);
            if (winner?.UsedAt is null)
            {
                throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
            }

            return await AnswerReuseAsync(user, winner, token, now, client, cancellationToken);
        }

        var access = _accessTokens.Issue(user, session.FamilyId);
        return new AuthResult(user, access.Token, nextToken.Value, access.ExpiresInSeconds);
    }

    /// <summary>
    /// A used refresh token presented again. Within <see cref="AuthOptions.RefreshReuseGrace"/> of its
    /// exchange, and while its successor is still unused, the answer is that same successor (derived again
    /// from the presented token and the successor's salt); otherwise the token was stolen and the whole
    /// login is revoked.
    /// </summary>
    private async Task<AuthResult> AnswerReuseAsync(User user, RefreshSession used, OpaqueToken token, DateTimeOffset now, ClientInfo client, CancellationToken cancellationToken)
    {
        if (used.UsedAt is { } usedAt && now - usedAt <= _options.RefreshReuseGrace && used.ReplacedById is { } successorId)
        {
            var successor = await _credentials.GetSessionAsync(user.Id, successorId, cancellationToken);
            if (successor is { UsedAt: null, RevokedAt: null, SecretSalt: { } salt } && successor.FamilyId == used.FamilyId)
            {
                var again = OpaqueToken.Derive(user.Id, successor.Id, token.Value, salt);
                if (again.MatchesHash(successor.TokenHash))
                {
                    var access = _accessTokens.Issue(user, used.FamilyId);
                    return new AuthResult(user, access.Token, again.Value, access.ExpiresInSeconds);
                }
            }
        }

        await AuditAsync(used.UserId, AuditEvents.RefreshReuse, now, client, AuditEvents.Failure, cancellationToken);
        await RevokeStolenFamilyAsync(used, now, cancellationToken);
        throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
    }

    /// <summary>
    /// Ends the login of the given refresh token, or every login of the caller when none is given. A
    /// token that is not the caller's own (another user's, or garbage) is ignored without saying so,
    /// and the login of the caller's access token is ended instead.
    /// </summary>
    public async Task LogoutAsync(AuthenticatedUser caller, LogoutInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = _timeProvider.GetUtcNow();

        if (string.IsNullOrWhiteSpace(input?.RefreshToken))
        {
            await _credentials.RevokeAllSessionsAsync(caller.UserId, now, cancellationToken);
            _sessionChecks?.Forget(caller.UserId);
            return;
        }

        var familyId = caller.SessionFamilyId;
        if (OpaqueToken.TryParse(input.RefreshToken.Trim(), out var token) && token.UserId == caller.UserId)
        {
            var session = await _credentials.GetSessionAsync(caller.UserId, token.RecordId, cancellationToken);
            if (session is not null && token.MatchesHash(session.TokenHash))
            {
                familyId = session.FamilyId;
            }
        }

        await _credentials.RevokeFamilyAsync(caller.UserId, familyId, now, cancellationToken);
        _sessionChecks?.Forget(caller.UserId);
    }

    /// <summary>
    /// Sends a reset token by mail when the account exists. Completes the same way either way, so the
    /// endpoint cannot be used to find out which addresses have accounts; the token is never returned.
    /// </summary>
    public async Task ForgotPasswordAsync(ForgotPasswordInput input, CancellationToken cancellationToken, ClientInfo? client = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation();
        var email = AccountRules.Email(input.Email, _limits, validation);
        validation.ThrowIfInvalid();

        var user = await _users.FindByEmailAsync(AccountRules.NormalizeEmail(email!), cancellationToken);
        if (user is null || !user.IsActive)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var token = OpaqueToken.Create(user.Id, Ids.New());
        await _credentials.CreateResetTokenAsync(
            new PasswordResetToken
            {
                Id = token.RecordId,
                UserId = user.Id,
                TokenHash = token.Hash(),
                CreatedAt = now,
                ExpiresAt = now + _options.ResetTokenLifetime,
            },
            cancellationToken);

        await _mail.SendAsync(ResetMail(user, token.Value, now), cancellationToken);
        await AuditAsync(user.Id, AuditEvents.PasswordResetRequested, now, client, AuditEvents.Success, cancellationToken);
    }

    public async Task ResetPasswordAsync(ResetPasswordInput input, CancellationToken cancellationToken, ClientInfo? client = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation()
            .Require(!string.IsNullOrWhiteSpace(input.Token), "token", "token is required.");
        var password = AccountRules.NewPassword(input.Password, _options, validation);
        validation.ThrowIfInvalid();

        if (!OpaqueToken.TryParse(input.Token!.Trim(), out var token))
        {
            throw InvalidResetToken();
        }

        var now = _timeProvider.GetUtcNow();
        var stored = await _credentials.GetResetTokenAsync(token.UserId, token.RecordId, cancellationToken);
        if (stored is null || stored.UserId != token.UserId || !token.MatchesHash(stored.TokenHash) || stored.UsedAt is not null
            || stored.ExpiresAt <= now || stored.Purpose is not null)
        {
            throw InvalidResetToken();
        }

        if (await _users.GetAsync(token.UserId, cancellationToken) is null)
        {
            throw InvalidResetToken();
        }

        // Claim the token before changing anything, so two requests with one token cannot both succeed.
        if (!await _credentials.UseResetTokenAsync(token.UserId, token.RecordId, now, cancellationToken))
        {
            throw InvalidResetToken();
        }

        var newHash = _hasher.Hash(password!);
        await ConcurrencyRetry.RunAsync(async () =>
        {
            var user = await _users.GetAsync(token.UserId, cancellationToken) ?? throw InvalidResetToken();
            await _users.ReplaceAsync(user with { PasswordHash = newHash, UpdatedAt = now, ETag = ETags.New() }, user.ETag, cancellationToken);
        });

        // Whoever knew the old password may hold refresh tokens or other reset links: end every login and
        // void every other outstanding reset token.
        await _credentials.UseAllResetTokensAsync(token.UserId, now, cancellationToken);
        await _credentials.RevokeAllSessionsAsync(token.UserId, now, cancellationToken);
        _sessionChecks?.Forget(token.UserId);
        await AuditAsync(token.UserId, AuditEvents.PasswordChanged, now, client, AuditEvents.Success, cancellationToken);
    }

    /// <summary>
    /// The caller behind a bearer token. Throws UNAUTHORIZED when the token is invalid, its login was
    /// ended (logout, reuse detection, password reset), or the account is gone or deactivated.
    /// </summary>
    public async Task<AuthenticatedUser> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken)
    {
        var claims = await _accessTokens.ValidateAsync(bearerToken, cancellationToken);
        if (claims is null)
        {
            throw KmtException.Unauthorized(InvalidAccessTokenMessage);
        }

        // Checked by another request a moment ago (SessionCheckCache): what ends a login here forgets it.
        if (_sessionChecks?.Find(claims.UserId, claims.SessionFamilyId) is { } recent)
        {
            return recent;
        }

        // The login's family record, not its first session: the family lives as long as it is refreshed.
        var family = await _credentials.GetFamilyAsync(claims.UserId, claims.SessionFamilyId, cancellationToken);
        if (family is null || family.UserId != claims.UserId || !family.IsActiveAt(_timeProvider.GetUtcNow()))
        {
            throw KmtException.Unauthorized(InvalidAccessTokenMessage);
        }

        var user = await _users.GetAsync(claims.UserId, cancellationToken);
        if (user is null || !user.IsActive)
        {
            throw KmtException.Unauthorized(InvalidAccessTokenMessage);
        }

        // The stored role wins over the token's, so a role change applies without waiting for expiry.
        var caller = new AuthenticatedUser(user.Id, user.Role, claims.SessionFamilyId);
        _sessionChecks?.Remember(caller);
        return caller;
    }

    /// <summary>One audit entry (docs/api.md, "Audit log"); nothing when no audit log is registered (unit tests).</summary>
    private Task AuditAsync(string userId, string eventType, DateTimeOffset at, ClientInfo? client, string outcome, CancellationToken cancellationToken) =>
        _audit?.AppendAsync(AuditEvents.Create(userId, eventType, at, client, outcome), cancellationToken) ?? Task.CompletedTask;

    private async Task<AuthResult> StartLoginAsync(User user, ClientInfo client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var familyId = Ids.New();
        var root = NewSession(user.Id, familyId, familyId, client, now, out var refreshToken);
        var family = new SessionFamily { Id = familyId, UserId = user.Id, CreatedAt = now, ExpiresAt = root.ExpiresAt };
        await _credentials.CreateFamilyAsync(family, root, cancellationToken);

        var access = _accessTokens.Issue(user, familyId);
        return new AuthResult(user, access.Token, refreshToken.Value, access.ExpiresInSeconds);
    }

    /// <summary>The successor of <paramref name="used"/>: its secret derived from the presented token and a fresh salt.</summary>
    private RefreshSession NewSuccessor(RefreshSession used, OpaqueToken presented, ClientInfo? client, DateTimeOffset now, out OpaqueToken token)
    {
        var salt = OpaqueToken.NewSalt();
        var id = Ids.New();
        token = OpaqueToken.Derive(used.UserId, id, presented.Value, salt);
        return new RefreshSession
        {
            Id = id,
            UserId = used.UserId,
            FamilyId = used.FamilyId,
            TokenHash = token.Hash(),
            CreatedAt = now,
            ExpiresAt = now + _options.RefreshTokenLifetime,
            IpAddress = client?.IpAddress,
            UserAgent = Truncate(client?.UserAgent, 512),
            SecretSalt = salt,
        };
    }

    private RefreshSession NewSession(string userId, string sessionId, string familyId, ClientInfo? client, DateTimeOffset now, out OpaqueToken token)
    {
        token = OpaqueToken.Create(userId, sessionId);
        return new RefreshSession
        {
            Id = sessionId,
            UserId = userId,
            FamilyId = familyId,
            TokenHash = token.Hash(),
            CreatedAt = now,
            ExpiresAt = now + _options.RefreshTokenLifetime,
            IpAddress = client?.IpAddress,
            UserAgent = Truncate(client?.UserAgent, 512),
        };
    }

    /// <summary>Sets LastLogin and upgrades an old hash. Bookkeeping: the ETag stays, and losing a race is harmless.</summary>
    private async Task<User> RecordLoginAsync(User user, string password, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var updated = user with
        {
            LastLogin = now,
            PasswordHash = _hasher.NeedsRehash(user.PasswordHash) ? _hasher.Hash(password) : user.PasswordHash,
        };

        try
        {
            await _users.ReplaceAsync(updated, user.ETag, cancellationToken);
            return updated;
        }
        catch (KmtException e) when (e.Code == ErrorCode.PreconditionFailed)
        {
            return user;
        }
    }

    private async Task RevokeStolenFamilyAsync(RefreshSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _logger.LogWarning(
            "Refresh token reuse detected for user {UserId}, session family {FamilyId}: revoking the family.",
            session.UserId,
            session.FamilyId);
        await _credentials.RevokeFamilyAsync(session.UserId, session.FamilyId, now, cancellationToken);
        _sessionChecks?.Forget(session.UserId);
        throw KmtException.Unauthorized(InvalidRefreshTokenMessage);
    }

    private OutgoingMail ResetMail(User user, string token, DateTimeOffset now)
    {
        var minutes = (int)Math.Round(_options.ResetTokenLifetime.TotalMinutes);
        var body =
            $"""
            Someone asked to reset the password of your KMT account.

            Your reset code (valid for {minutes} minutes, usable once):

            {token}

            If it was not you, ignore this mail: your password stays as it is.
            """;
        return new OutgoingMail(user.Id, user.Email, "Reset your KMT password", body, now) { Secret = token };
    }

    private static KmtException EmailTaken() => KmtException.Conflict("An account with this email already exists.");

    private static ValidationException InvalidResetToken() => new("token", InvalidResetTokenMessage);

    private static string? Truncate(string? value, int maxLength) => TextCut.HeadOrNull(value, maxLength);
}
