using Microsoft.Extensions.Options;

namespace Kmt.Core.RateLimits;

/// <summary>
/// The per-account limits of <see cref="AccountThrottleOptions"/>, applied by the use cases that know
/// the account (sign-in knows the e-mail only after reading the body; refresh knows the family only
/// after finding the session), through the same <see cref="IRateLimitStore"/> as the middleware.
/// </summary>
public sealed class AccountThrottle(IRateLimitStore store, IOptionsMonitor<AccountThrottleOptions> options)
{
    /// <summary>Counts a sign-in attempt for the account; throws RATE_LIMITED over the limit, before any password is checked.</summary>
    public Task SignInAttemptAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        AcquireAsync("signin-account|" + normalizedEmail, options.CurrentValue.SignInPerAccount, cancellationToken);

    /// <summary>Counts a refresh for the token family; throws RATE_LIMITED over the limit.</summary>
    public Task RefreshAsync(string familyId, CancellationToken cancellationToken) =>
        AcquireAsync("refresh-family|" + familyId, options.CurrentValue.RefreshPerFamily, cancellationToken);

    private async Task AcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled || !rule.IsActive)
        {
            return;
        }

        var decision = await store.TryAcquireAsync(key, rule, cancellationToken);
        if (!decision.Allowed)
        {
            throw new RateLimitedException(decision.RetryAfterSeconds, rule.PermitLimit, rule.Window);
        }
    }
}
