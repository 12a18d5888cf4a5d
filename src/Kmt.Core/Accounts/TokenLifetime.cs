using Microsoft.IdentityModel.Tokens;

namespace Kmt.Core.Accounts;

/// <summary>
/// A token lifetime check against an injected <see cref="TimeProvider"/>: the library's own check
/// reads the machine clock, which tests (and anything else that controls time) cannot move.
/// </summary>
public static class TokenLifetime
{
    public static LifetimeValidator Validator(TimeProvider clock, TimeSpan clockSkew) =>
        (notBefore, expires, _, _) =>
        {
            if (expires is null)
            {
                return false;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            if (notBefore is { } nbf && nbf.ToUniversalTime() > now + clockSkew)
            {
                return false;
            }

            return expires.Value.ToUniversalTime() > now - clockSkew;
        };
}
