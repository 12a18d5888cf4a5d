using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>Token lifetimes, on a DevHost whose clock the test moves (no waiting).</summary>
public sealed class TokenExpiryTests(FakeClockHostFixture host) : IClassFixture<FakeClockHostFixture>
{
    [Fact]
    public async Task An_access_token_expires_after_15_minutes_and_refresh_still_works()
    {
        var user = await host.RegisterAsync();
        (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);

        host.Clock.Advance(TimeSpan.FromMinutes(14));
        (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);

        // Past 15 minutes plus the 30-second clock-skew allowance.
        host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(31));
        var expired = await user.Client.GetAsync("api/v1/users/profile");
        expired.ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer", expired.Header("WWW-Authenticate"));

        var refreshed = (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK).Data;
        (await host.ClientWith(refreshed.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_expires_after_30_days()
    {
        var user = await host.RegisterAsync();
        host.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reset_token_expires_after_an_hour()
    {
        var user = await host.RegisterAsync();
        (await host.CreateClient().PostAsync("api/v1/auth/forgot-password", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var token = await host.ReadResetTokenAsync(user.Id);

        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        (await host.CreateClient().PostAsync("api/v1/auth/reset-password", new { token, password = "a brand new passphrase" })).ExpectValidation("token");
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK);
    }
}
