using System.Collections.Concurrent;
using System.Reflection;
using Kmt.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Middleware;

/// <summary>What the middleware needs to know about a function: may it be called anonymously, and which rate limit applies.</summary>
public sealed record EndpointPolicy(bool IsPublic, RateLimitPolicy RateLimit);

/// <summary>
/// Reads <see cref="PublicEndpointAttribute"/> and <see cref="RateLimitedAttribute"/> from the function
/// method named by <see cref="FunctionDefinition.EntryPoint"/> ("Namespace.Type.Method"), once per function.
/// Both the Functions host and the DevHost fill EntryPoint the same way, so both see the same policy.
/// </summary>
public sealed class EndpointPolicies
{
    private static readonly EndpointPolicy Default = new(IsPublic: false, RateLimitPolicy.Knowledge);
    private readonly ConcurrentDictionary<string, EndpointPolicy> _byEntryPoint = new(StringComparer.Ordinal);

    public EndpointPolicy For(FunctionDefinition function) => _byEntryPoint.GetOrAdd(function.EntryPoint, Resolve);

    private static EndpointPolicy Resolve(string entryPoint)
    {
        var method = FindMethod(entryPoint)
            ?? throw new InvalidOperationException($"Function entry point '{entryPoint}' was not found in {typeof(EndpointPolicies).Assembly.GetName().Name}.");
        var rateLimit = method.GetCustomAttribute<RateLimitedAttribute>() ?? method.DeclaringType!.GetCustomAttribute<RateLimitedAttribute>();
        return new EndpointPolicy(
            method.GetCustomAttribute<PublicEndpointAttribute>() is not null,
            rateLimit?.Policy ?? Default.RateLimit);
    }

    private static MethodInfo? FindMethod(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        if (split <= 0)
        {
            return null;
        }

        var type = typeof(EndpointPolicies).Assembly.GetType(entryPoint[..split]);
        return type?.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
    }
}
