namespace Kmt.Functions.Http;

/// <summary>The rate-limit buckets of the seed's 5.5; limits are configuration (<see cref="Middleware.RateLimitOptions"/>).</summary>
public enum RateLimitPolicy
{
    None,

    /// <summary>Per client IP: sign-up, sign-in and password flows.</summary>
    Auth,

    /// <summary>Per user: accounts, knowledge items, tags and search.</summary>
    Knowledge,

    /// <summary>Per user.</summary>
    Analytics,

    /// <summary>Per user.</summary>
    Insights,

    /// <summary>Per user, counted per hour.</summary>
    Upload,

    /// <summary>Per client IP: the public health endpoint.</summary>
    Health,
}

/// <summary>The function answers without an access token.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PublicEndpointAttribute : Attribute;

/// <summary>Which rate-limit bucket a function (or every function of a class) counts against.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitedAttribute(RateLimitPolicy policy) : Attribute
{
    public RateLimitPolicy Policy { get; } = policy;
}
