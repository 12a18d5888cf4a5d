using System.Globalization;
using Kmt.Core.Accounts;
using Kmt.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Middleware;

/// <summary>
/// The seed's 5.5 limits: auth endpoints per client IP, everything else per user. Premium users
/// (permission api:unlimited) are exempt from the per-user limits. Runs after authentication so the
/// per-user key is the verified user id, never something the client claims.
/// </summary>
public sealed class RateLimitMiddleware(EndpointPolicies policies, FixedWindowCounter counter, IOptionsMonitor<RateLimitOptions> options)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var settings = options.CurrentValue;
        var policy = policies.For(context.FunctionDefinition).RateLimit;
        if (settings.Enabled && settings.RuleFor(policy) is { PermitLimit: > 0 } rule && PartitionKey(context, policy, settings) is { } key)
        {
            var (allowed, remaining, resetIn) = counter.TryAcquire(key, rule.PermitLimit, rule.Window);
            var headers = context.RequireHttpContext().Response.Headers;
            headers["RateLimit-Limit"] = rule.PermitLimit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            if (!allowed)
            {
                throw new RateLimitedException((int)Math.Max(1, Math.Ceiling(resetIn.TotalSeconds)), rule.PermitLimit, rule.Window);
            }
        }

        await next(context);
    }

    private static string? PartitionKey(FunctionContext context, RateLimitPolicy policy, RateLimitOptions settings)
    {
        if (policy == RateLimitPolicy.Auth)
        {
            return $"{policy}|ip|{ClientAddress.Of(context.RequireHttpContext(), settings.ClientIpHeader)}";
        }

        var caller = context.FindCaller();
        if (caller is null)
        {
            // A public endpoint outside the auth bucket (health): nothing to count per user.
            return null;
        }

        return caller.HasPermission(Permissions.Unlimited) ? null : $"{policy}|user|{caller.UserId}";
    }
}
