using Kmt.Core.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kmt.Core.Realtime;

/// <summary>
/// Short-lived tickets for the in-process real-time endpoint: RS256 tokens signed with KMT's own key
/// ring, for their own audience (issuer's audience + "/realtime"), so an API access token is never a
/// ticket and a ticket is never an API access token.
/// </summary>
public sealed class RealtimeTickets(SigningKeyRing keys, IOptions<AuthOptions> auth, IOptions<RealtimeOptions> options, TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new();

    private string Audience => auth.Value.Audience + "/realtime";

    /// <summary>A ticket naming <paramref name="userId"/>, valid for <see cref="RealtimeOptions.TokenLifetime"/>.</summary>
    public (string Token, int ExpiresInSeconds) Issue(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Value.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = userId },
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    /// <summary>The user a valid ticket names, or null (malformed, expired, another audience or key).</summary>
    public async Task<string?> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > TokenValidationParameters.DefaultMaximumTokenSizeInBytes)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = auth.Value.Issuer,
            ValidAudience = Audience,
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.Find(kid) is { } key ? [key] : [],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = AccessTokenService.ClockSkew,
            LifetimeValidator = TokenLifetime.Validator(timeProvider, AccessTokenService.ClockSkew),
        }).ConfigureAwait(false);
        return result.IsValid && result.SecurityToken is JsonWebToken jwt && !string.IsNullOrEmpty(jwt.Subject) ? jwt.Subject : null;
    }
}
