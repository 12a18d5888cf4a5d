using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>A DevHost with a generous per-IP limit and small per-account ones, so the per-account limits show on their own.</summary>
public sealed class AccountLimitedHostFixture : DevHostFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Kmt:RateLimits:Enabled"] = "true";
        settings["Kmt:RateLimits:Auth:PermitLimit"] = "1000";
        settings["Kmt:RateLimits:Knowledge:PermitLimit"] = "1000";
        settings["Kmt:RateLimits:SignInPerAccount:PermitLimit"] = "3";
        settings["Kmt:RateLimits:SignInPerAccount:Window"] = "01:00:00";
        settings["Kmt:RateLimits:RefreshPerFamily:PermitLimit"] = "2";
        settings["Kmt:RateLimits:RefreshPerFamily:Window"] = "01:00:00";
        settings["Kmt:RateLimits:Health:PermitLimit"] = "2";
        settings["Kmt:RateLimits:Health:Window"] = "01:00:00";
        return settings;
    }
}

public sealed class AccountRateLimitTests(AccountLimitedHostFixture host) : IClassFixture<AccountLimitedHostFixture>
{
    [Fact]
    public async Task Sign_in_attempts_are_limited_per_account_from_any_ip_with_the_email_normalised()
    {
        var victim = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            // Different spellings of the same address count against the same account.
            var email = i % 2 == 0 ? victim.Email.ToUpperInvariant() : victim.Email;
            (await host.CreateClient().PostAsync("api/v1/auth/login", new { email, password = "spray-guess" })).Expect(HttpStatusCode.Unauthorized);
        }

        // Even the right password waits: the attempt is refused before any password is checked.
        var limited = (await host.CreateClient().PostAsync("api/v1/auth/login", new { email = victim.Email, password = victim.Password }))
            .ExpectError(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.InRange(int.Parse(limited.Header("Retry-After")!), 1, 3600);

        // Other accounts behind the same IP are not affected.
        (await host.CreateClient().PostAsync("api/v1/auth/login", new { email = other.Email, password = other.Password })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_is_limited_per_token_family_not_per_ip()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        var token = alice.RefreshToken;
        for (var i = 0; i < 2; i++)
        {
            token = (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = token })).Expect(HttpStatusCode.OK).Data.Str("refresh_token");
        }

        (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = token })).ExpectError(HttpStatusCode.TooManyRequests, "RATE_LIMITED");

        // Bob, behind the same (NAT) address, refreshes as usual.
        (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = bob.RefreshToken })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_is_limited_per_ip()
    {
        var client = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync("api/health")).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
