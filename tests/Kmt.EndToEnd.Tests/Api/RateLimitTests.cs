using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>A DevHost with the seed's auth limit (5 per IP) over a window long enough not to roll over mid-test.</summary>
public sealed class AuthLimitedHostFixture : DevHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Kmt:RateLimits:Enabled"] = "true";
        settings["Kmt:RateLimits:Auth:Window"] = "01:00:00";
        return settings;
    }
}

/// <summary>A DevHost whose per-user knowledge limit is small, so exceeding it is quick.</summary>
public sealed class UserLimitedHostFixture : DevHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Kmt:RateLimits:Enabled"] = "true";
        settings["Kmt:RateLimits:Auth:PermitLimit"] = "1000";
        settings["Kmt:RateLimits:Knowledge:PermitLimit"] = "3";
        settings["Kmt:RateLimits:Knowledge:Window"] = "01:00:00";
        return settings;
    }
}

public sealed class AuthRateLimitTests(AuthLimitedHostFixture host) : IClassFixture<AuthLimitedHostFixture>
{
    [Fact]
    public async Task Auth_endpoints_are_limited_per_ip_with_retry_after_in_seconds()
    {
        var client = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        ApiResponse last = null!;
        for (var i = 0; i < 7; i++)
        {
            last = await client.PostAsync("api/v1/auth/login", new { email = "nobody@example.com", password = "wrong password" });
            statuses.Add(last.Status);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        EnvelopeAndBadInputTests.AssertError(last, "RATE_LIMITED");
        var retryAfter = int.Parse(last.Header("Retry-After")!);
        Assert.InRange(retryAfter, 1, 3600);
    }
}

public sealed class UserRateLimitTests(UserLimitedHostFixture host) : IClassFixture<UserLimitedHostFixture>
{
    [Fact]
    public async Task Knowledge_endpoints_are_limited_per_user_not_per_ip()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();

        for (var i = 0; i < 3; i++)
        {
            (await alice.Client.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.OK);
        }

        var limited = (await alice.Client.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Header("Retry-After"));
        Assert.Equal("3", limited.Header("RateLimit-Limit"));

        // Bob has his own budget.
        (await bob.Client.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.OK);
    }
}
