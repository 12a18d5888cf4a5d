using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>auth/*: register, login, refresh rotation and reuse detection, logout, password reset.</summary>
[Collection(DevHostCollection.Name)]
public sealed class AuthFlowTests(DevHostFixture host)
{
    private const string Register = "api/v1/auth/register";
    private const string Refresh = "api/v1/auth/refresh";
    private const string Logout = "api/v1/auth/logout";
    private const string Forgot = "api/v1/auth/forgot-password";
    private const string Reset = "api/v1/auth/reset-password";

    [Fact]
    public async Task Register_returns_tokens_the_user_and_a_location()
    {
        var email = $"New-{Guid.NewGuid():N}@Example.com";
        var response = (await host.CreateClient().PostAsync(Register, new { email, password = Users.Password, first_name = " Grace ", last_name = "Hopper" }))
            .Expect(HttpStatusCode.Created);

        var data = response.Data;
        Assert.Equal("Bearer", data.Str("token_type"));
        Assert.Equal(900, data.Int("expires_in"));
        Assert.Equal(3, data.Str("access_token").Split('.').Length); // a JWT
        Assert.False(string.IsNullOrWhiteSpace(data.Str("refresh_token")));
        Assert.Equal(email, data["user"]!.Str("email"));
        Assert.Equal("Grace", data["user"]!.Str("first_name"));
        Assert.Equal("user", data["user"]!.Str("role"));
        Assert.Null(data["user"]!["password_hash"]);
        Assert.Equal("/api/v1/users/profile", response.Header("Location"));

        // The new access token works.
        var profile = (await host.ClientWith(data.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
        Assert.Equal(data["user"]!.Str("id"), profile.Data.Str("id"));
    }

    [Fact]
    public async Task Same_email_twice_is_a_conflict_whatever_the_letter_case()
    {
        var user = await host.RegisterAsync();
        var again = await host.CreateClient().PostAsync(Register, new { email = user.Email.ToUpperInvariant(), password = "another password 1" });
        again.ExpectError(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("spaces in@example.com")]
    [InlineData("nodot@example")]
    [InlineData("")]
    public async Task Register_with_a_bad_email_is_a_validation_error(string email)
    {
        var response = await host.CreateClient().PostAsync(Register, new { email, password = Users.Password });
        response.ExpectValidation("email");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("1234567")]
    [InlineData("")]
    public async Task Register_with_a_short_password_is_a_validation_error(string password)
    {
        var response = await host.CreateClient().PostAsync(Register, new { email = $"u-{Guid.NewGuid():N}@example.com", password });
        response.ExpectValidation("password");
    }

    [Fact]
    public async Task Login_works_with_the_right_password_and_any_email_case()
    {
        var user = await host.RegisterAsync();
        var response = (await host.LoginAsync(user.Email.ToUpperInvariant(), user.Password)).Expect(HttpStatusCode.OK);
        Assert.Equal(user.Id, response.Data["user"]!.Str("id"));
        Assert.NotEqual(user.RefreshToken, response.Data.Str("refresh_token"));
        (await host.ClientWith(response.Data.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_give_identical_401s()
    {
        var user = await host.RegisterAsync();
        var wrongPassword = await host.LoginAsync(user.Email, "not the password at all");
        var unknownEmail = await host.LoginAsync($"nobody-{Guid.NewGuid():N}@example.com", "not the password at all");

        wrongPassword.ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        unknownEmail.ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(wrongPassword.ErrorWithoutMeta(), unknownEmail.ErrorWithoutMeta());
        Assert.Equal(wrongPassword.Header("WWW-Authenticate"), unknownEmail.Header("WWW-Authenticate"));
        Assert.Equal(
            wrongPassword.Json!.AsObject().Select(p => p.Key).Order(),
            unknownEmail.Json!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Refresh_rotates_and_the_old_refresh_token_cannot_be_used_twice()
    {
        var user = await host.RegisterAsync();
        var first = (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK);
        var newRefresh = first.Data.Str("refresh_token");
        var newAccess = first.Data.Str("access_token");
        Assert.NotEqual(user.RefreshToken, newRefresh);
        Assert.Equal(user.Id, first.Data["user"]!.Str("id"));
        (await host.ClientWith(newAccess).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);

        // Within the reuse grace window (30 s) the old token answers with the same successor (a second tab).
        var again = (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK);
        Assert.Equal(newRefresh, again.Data.Str("refresh_token"));

        // Once the successor itself was used, the old token is theft.
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = newRefresh })).Expect(HttpStatusCode.OK);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken }))
            .ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_revokes_the_whole_family()
    {
        var user = await host.RegisterAsync();
        var rotated = (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK).Data;
        var newest = (await host.CreateClient().PostAsync(Refresh, new { refresh_token = rotated.Str("refresh_token") })).Expect(HttpStatusCode.OK).Data;

        // A thief replays the first (spent) token.
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        // The newest refresh token of the family is dead, and so are the family's access tokens.
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = newest.Str("refresh_token") })).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.ClientWith(newest.Str("access_token")).GetAsync("api/v1/users/profile")).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.ClientWith(user.AccessToken).GetAsync("api/v1/users/profile")).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        // Another login of the same user (another family) is unaffected, and the password still works.
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reuse_detection_leaves_other_sessions_of_the_user_alone()
    {
        var user = await host.RegisterAsync();
        var other = (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK).Data;

        var rotated = (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK).Data;
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = rotated.Str("refresh_token") })).Expect(HttpStatusCode.OK);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.Unauthorized);

        (await host.ClientWith(other.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = other.Str("refresh_token") })).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60.0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f61.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Refresh_with_an_unknown_token_is_unauthorized(string token)
    {
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = token })).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Refresh_without_a_token_is_a_validation_error()
    {
        (await host.CreateClient().PostAsync(Refresh, new { })).ExpectValidation("refresh_token");
    }

    [Fact]
    public async Task Logout_ends_the_refresh_token_and_the_access_token_of_that_session()
    {
        var user = await host.RegisterAsync();
        var other = (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK).Data;

        var response = (await user.Client.PostAsync(Logout, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK);
        Assert.True(response.Data["logged_out"]!.GetValue<bool>());

        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await user.Client.GetAsync("api/v1/users/profile")).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        // The other login was not ended.
        (await host.ClientWith(other.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = other.Str("refresh_token") })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_without_a_body_ends_every_session()
    {
        var user = await host.RegisterAsync();
        var other = (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK).Data;

        using var request = new HttpRequestMessage(HttpMethod.Post, Logout);
        (await user.Client.SendRawAsync(request)).Expect(HttpStatusCode.OK);

        (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.Unauthorized);
        (await host.ClientWith(other.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.Unauthorized);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.Unauthorized);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = other.Str("refresh_token") })).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_needs_an_access_token()
    {
        var user = await host.RegisterAsync();
        (await host.CreateClient().PostAsync(Logout, new { refresh_token = user.RefreshToken })).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_known_and_unknown_emails_and_never_returns_the_token()
    {
        var user = await host.RegisterAsync();
        var known = await host.CreateClient().PostAsync(Forgot, new { email = user.Email });
        var unknown = await host.CreateClient().PostAsync(Forgot, new { email = $"nobody-{Guid.NewGuid():N}@example.com" });

        known.Expect(HttpStatusCode.Accepted);
        unknown.Expect(HttpStatusCode.Accepted);
        Assert.Equal(known.Data.ToJsonString(), unknown.Data.ToJsonString());

        var token = await host.ReadResetTokenAsync(user.Id);
        Assert.DoesNotContain(token, known.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], known.Text, StringComparison.Ordinal);
        Assert.Null(known.Header("Location"));
    }

    [Fact]
    public async Task Forgot_password_with_a_bad_email_is_a_validation_error()
    {
        (await host.CreateClient().PostAsync(Forgot, new { email = "not an email" })).ExpectValidation("email");
    }

    [Fact]
    public async Task Reset_password_works_once_and_signs_out_every_session()
    {
        var user = await host.RegisterAsync();
        var other = (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK).Data;
        (await host.CreateClient().PostAsync(Forgot, new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var token = await host.ReadResetTokenAsync(user.Id);

        const string newPassword = "a brand new passphrase";
        (await host.CreateClient().PostAsync(Reset, new { token, password = newPassword })).Expect(HttpStatusCode.OK);

        // The token is spent.
        (await host.CreateClient().PostAsync(Reset, new { token, password = "yet another passphrase" })).ExpectValidation("token");

        (await host.LoginAsync(user.Email, user.Password)).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.LoginAsync(user.Email, newPassword)).Expect(HttpStatusCode.OK);

        // Every session that existed before the reset is over.
        (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.Unauthorized);
        (await host.ClientWith(other.Str("access_token")).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.Unauthorized);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = user.RefreshToken })).Expect(HttpStatusCode.Unauthorized);
        (await host.CreateClient().PostAsync(Refresh, new { refresh_token = other.Str("refresh_token") })).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reset_password_rejects_a_tampered_token_and_a_short_password()
    {
        var user = await host.RegisterAsync();
        (await host.CreateClient().PostAsync(Forgot, new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var token = await host.ReadResetTokenAsync(user.Id);
        var last = token[^1] == 'A' ? 'B' : 'A';
        var tampered = token[..^1] + last;

        (await host.CreateClient().PostAsync(Reset, new { token = tampered, password = "a brand new passphrase" })).ExpectValidation("token");
        (await host.CreateClient().PostAsync(Reset, new { token, password = "short" })).ExpectValidation("password");

        // Neither attempt used the token up.
        (await host.CreateClient().PostAsync(Reset, new { token, password = "a brand new passphrase" })).Expect(HttpStatusCode.OK);
        (await host.LoginAsync(user.Email, "a brand new passphrase")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_email_sends_no_mail_to_anyone_existing()
    {
        var user = await host.RegisterAsync();
        (await host.CreateClient().PostAsync(Forgot, new { email = "x" + user.Email })).Expect(HttpStatusCode.Accepted);
        Assert.Equal(0, await host.MailCountAsync(user.Id));
    }

    [Fact]
    public async Task The_outbox_keeps_no_usable_reset_code_once_the_mail_is_delivered()
    {
        var user = await host.RegisterAsync();
        (await host.CreateClient().PostAsync(Forgot, new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var code = await host.ReadResetTokenAsync(user.Id);

        var stored = Assert.Single(await host.StoredMailsAsync(user.Id));
        Assert.NotNull(stored.DeliveredAt);
        Assert.DoesNotContain(code, stored.Body, StringComparison.Ordinal);
        Assert.Contains(Kmt.Core.Accounts.OutgoingMail.RemovedSecret, stored.Body, StringComparison.Ordinal);

        // The delivered code still works: only the stored copy lost it.
        (await host.CreateClient().PostAsync(Reset, new { token = code, password = "a brand new passphrase" })).Expect(HttpStatusCode.OK);
    }
}
