namespace Kmt.Core.Accounts;

/// <summary>
/// Turns a request's bearer token into the caller. One implementation is active per instance, chosen
/// by <see cref="AuthOptions.Mode"/>: KMT's own tokens (<see cref="LocalAccessTokenAuthenticator"/>) or
/// an external identity provider's (Microsoft Entra ID, in Kmt.Azure).
/// </summary>
public interface IAccessTokenAuthenticator
{
    /// <summary>The caller; throws UNAUTHORIZED (without saying why) when the token is not accepted.</summary>
    Task<AuthenticatedUser> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken);
}

/// <summary>KMT's own RS256 access tokens, checked by <see cref="AuthService.AuthenticateAsync"/> (Local mode).</summary>
public sealed class LocalAccessTokenAuthenticator(AuthService auth) : IAccessTokenAuthenticator
{
    public Task<AuthenticatedUser> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken) =>
        auth.AuthenticateAsync(bearerToken, cancellationToken);
}
