using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Core.RateLimits;
using Kmt.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Middleware;

/// <summary>
/// The seed's 5.5 limits: auth endpoints and health per client IP, everything else per user. Premium
/// users (permission api:unlimited) are exempt from the per-user limits. Runs after authentication so
/// the per-user key is the verified user id, never something the client claims. The counts live in
/// the configured <see cref="IRateLimitStore"/> (memory, or a table every instance shares); the
/// per-account limits (sign-in per e-mail, refresh per token family) are counted by the use cases
/// that know the account (<see cref="AccountThrottle"/>).
/// </summary>
public sealed class RateLimitMiddleware(EndpointPolicies policies, IRateLimitStore store, IOptionsMonitor<RateLimitOptions> options)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var settings = options.CurrentValue;
        var policy = policies.For(context.FunctionDefinition).RateLimit;
        if (settings.Enabled && settings.RuleFor(policy) is { IsActive: true } rule && PartitionKey(context, policy, settings) is { } key)
        {
            var decision = await store.TryAcquireAsync(key, rule, context.CancellationToken);
            var headers = context.RequireHttpContext().Response.Headers;
            headers["RateLimit-Limit"] = rule.PermitLimit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            if (!decision.Allowed)
            {
                throw new RateLimitedException(decision.RetryAfterSeconds, rule.PermitLimit, rule.Window);
            }
        }

        await next(context);
    }

    private static string? PartitionKey(FunctionContext context, RateLimitPolicy policy, RateLimitOptions settings)
    {
        if (policy is RateLimitPolicy.Auth or RateLimitPolicy.Health)
        {
            return $"{policy}|ip|{ClientAddress.Of(context.RequireHttpContext(), settings.ClientIpHeader)}";
        }

        var caller = context.FindCaller();
        if (caller is null)
        {
            // A public endpoint outside the per-IP buckets: nothing to count per user.
            return null;
        }

        return caller.HasPermission(Permissions.Unlimited) ? null : $"{policy}|user|{caller.UserId}";
    }
}
