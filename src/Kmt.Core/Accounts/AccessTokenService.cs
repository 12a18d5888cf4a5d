using System.Collections.Concurrent;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kmt.Core.Accounts;

/// <summary>An access token and its lifetime in seconds (the API's expires_in).</summary>
public sealed record IssuedAccessToken(string Token, int ExpiresInSeconds);

/// <summary>
/// Issues and validates the RS256 access tokens of the seed's 6.1.1 (sub, iat, exp, scope, role) plus
/// iss, aud, jti and sid, the login (refresh-token family) the token belongs to, so that logging out
/// or detecting a stolen refresh token also ends the access tokens of that login.
/// </summary>
public sealed class AccessTokenService
{
    public const string RoleClaim = "role";
    public const string SessionClaim = "sid";
    public const string ScopeClaim = "scope";

    private static readonly string[] Scopes = ["read", "write"];

    /// <summary>Tolerates small clock differences between instances without keeping expired tokens alive long.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly AuthOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SigningKeyRing _keys;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _validationParameters;
    private readonly LifetimeValidator _lifetime;
    private readonly ConcurrentDictionary<string, VerifiedToken> _verified = new(StringComparer.Ordinal);

    /// <summary>Verified tokens kept at most (one per active login and lifetime, in practice).</summary>
    internal const int MaxVerifiedTokens = 10_000;

    /// <summary>Fixed options (tests, tools): the keys are still read through a <see cref="SigningKeyRing"/>.</summary>
    public AccessTokenService(IOptions<AuthOptions> options, TimeProvider timeProvider, ISigningKeySource? signingKeySource = null)
        : this(new SigningKeyRing(() => options.Value, timeProvider, signingKeySource), options, timeProvider)
    {
    }

    public AccessTokenService(SigningKeyRing keys, IOptions<AuthOptions> options, TimeProvider timeProvider)
    {
        _keys = keys;
        _options = options.Value;
        _timeProvider = timeProvider;

        // Keys are resolved per token by its kid, not fixed here: the key ring refreshes without a restart.
        _validationParameters = CreateValidationParameters();
        _lifetime = _validationParameters.LifetimeValidator;
    }

    /// <summary>The public keys tokens may be signed with (GET auth/keys).</summary>
    public IReadOnlyList<PublicSigningKey> PublicKeys() => _keys.PublicKeys();

    public IssuedAccessToken Issue(User user, string sessionFamilyId)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(sessionFamilyId);

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(_keys.Current, SecurityAlgorithms.RsaSha256), // header kid = the key's id
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id,
                [RoleClaim] = user.Role,
                [SessionClaim] = sessionFamilyId,
                [JwtRegisteredClaimNames.Jti] = Ids.New(),
                [ScopeClaim] = Scopes,
            },
        };

        return new IssuedAccessToken(_handler.CreateToken(descriptor), (int)_options.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>
    /// The caller named by a valid token, or null when the token is malformed, not signed RS256 with
    /// our key, for another issuer or audience, or outside its lifetime. Says nothing about whether the
    /// login was revoked since: <see cref="AuthService.AuthenticateAsync"/> checks that.
    /// </summary>
    public async Task<AuthenticatedUser?> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(token) || token.Length > TokenValidationParameters.DefaultMaximumTokenSizeInBytes)
        {
            return null;
        }

        // A token whose signature this instance has verified stays verified: only its lifetime and
        // whether its key is still accepted can change, and both are checked again on every use.
        if (_verified.TryGetValue(token, out var known))
        {
            if (_keys.Find(known.KeyId) == known.Key && _lifetime(known.NotBefore, known.Expires, null!, _validationParameters))
            {
                return known.Caller;
            }

            _verified.TryRemove(token, out _);
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _validationParameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || jwt.Alg != SecurityAlgorithms.RsaSha256 || string.IsNullOrEmpty(jwt.Kid))
        {
            return null;
        }

        if (string.IsNullOrEmpty(jwt.Subject)
            || !jwt.TryGetPayloadValue<string>(RoleClaim, out var role) || string.IsNullOrEmpty(role)
            || !jwt.TryGetPayloadValue<string>(SessionClaim, out var sessionFamilyId) || string.IsNullOrEmpty(sessionFamilyId))
        {
            return null;
        }

        var caller = new AuthenticatedUser(jwt.Subject, role, sessionFamilyId);
        Remember(token, jwt, caller);
        return caller;
    }

    /// <summary>
    /// Keeps a verified token's claims (never a rejected token's) so that its next request skips the
    /// RS256 verification and the parsing. Bounded: a full cache is emptied, since every entry can be
    /// verified again. Revocation is not decided here: <see cref="AuthService.AuthenticateAsync"/> reads
    /// the login's family and the user on every request.
    /// </summary>
    private void Remember(string token, JsonWebToken jwt, AuthenticatedUser caller)
    {
        if (_keys.Find(jwt.Kid) is not { } key)
        {
            return;
        }

        if (_verified.Count >= MaxVerifiedTokens)
        {
            _verified.Clear();
        }

        DateTime? notBefore = jwt.ValidFrom == DateTime.MinValue ? null : jwt.ValidFrom;
        _verified[token] = new VerifiedToken(caller, jwt.Kid, key, notBefore, jwt.ValidTo);
    }

    /// <summary>Only the accepted key named by the token's kid verifies it.</summary>
    private TokenValidationParameters CreateValidationParameters() => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        // Only the accepted key the header's kid names; a token without a kid matches nothing.
        IssuerSigningKeyResolver = (_, _, kid, _) => _keys.Find(kid) is { } key ? [key] : [],
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = ClockSkew,

        LifetimeValidator = TokenLifetime.Validator(_timeProvider, ClockSkew),
    };

    private sealed record VerifiedToken(AuthenticatedUser Caller, string KeyId, RsaSecurityKey Key, DateTime? NotBefore, DateTime Expires);
}
