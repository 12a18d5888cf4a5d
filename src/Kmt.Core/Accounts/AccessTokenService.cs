using System.Security.Cryptography;
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

    // Tolerates small clock differences between instances without keeping expired tokens alive long.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly AuthOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Lazy<RsaSecurityKey> _signingKey;
    private readonly Lazy<TokenValidationParameters> _validationParameters;

    public AccessTokenService(IOptions<AuthOptions> options, TimeProvider timeProvider, ISigningKeySource? signingKeySource = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider;

        // Loaded on first use rather than at construction: the key source may reach Key Vault.
        // PublicationOnly does not cache a failure, so a vault that was briefly unreachable is tried again.
        _signingKey = new Lazy<RsaSecurityKey>(() => LoadKey(_options.SigningKeyPem, signingKeySource), LazyThreadSafetyMode.PublicationOnly);
        _validationParameters = new Lazy<TokenValidationParameters>(CreateValidationParameters, LazyThreadSafetyMode.PublicationOnly);
    }

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
            SigningCredentials = new SigningCredentials(_signingKey.Value, SecurityAlgorithms.RsaSha256),
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

        var result = await _handler.ValidateTokenAsync(token, _validationParameters.Value);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || jwt.Alg != SecurityAlgorithms.RsaSha256)
        {
            return null;
        }

        if (string.IsNullOrEmpty(jwt.Subject)
            || !jwt.TryGetPayloadValue<string>(RoleClaim, out var role) || string.IsNullOrEmpty(role)
            || !jwt.TryGetPayloadValue<string>(SessionClaim, out var sessionFamilyId) || string.IsNullOrEmpty(sessionFamilyId))
        {
            return null;
        }

        return new AuthenticatedUser(jwt.Subject, role, sessionFamilyId);
    }

    private TokenValidationParameters CreateValidationParameters() => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKey = _signingKey.Value,
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

    private static RsaSecurityKey LoadKey(string? configuredPem, ISigningKeySource? signingKeySource)
    {
        var pem = !string.IsNullOrWhiteSpace(configuredPem)
            ? configuredPem
            : signingKeySource?.GetPrivateKeyPem()
              ?? throw new InvalidOperationException(
                  $"No access-token signing key: set {AuthOptions.Section}:SigningKeyPem or register an {nameof(ISigningKeySource)}.");

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
