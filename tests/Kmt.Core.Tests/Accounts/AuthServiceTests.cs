using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Accounts;

public class AuthServiceTests
{
    private const string Password = "s3cret-passw0rd";

    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryCredentialStore _credentials = new();
    private readonly RecordingMailOutbox _mail = new();
    private readonly PasswordHasher _hasher;
    private readonly AccessTokenService _tokens;
    private readonly AuthService _auth;
    private readonly ClientInfo _client = new("203.0.113.7", "tests/1.0");

    public AuthServiceTests()
    {
        var options = Options(AuthOptions());
        _hasher = new PasswordHasher(options);
        _tokens = new AccessTokenService(options, _clock);
        _auth = new AuthService(_users, _credentials, new MailDelivery(_mail, _clock), _hasher, _tokens, options, Limits(), _clock, NullLogger<AuthService>.Instance);
    }

    private Task<AuthResult> RegisterAsync(string email = "Ada@Example.com", string password = Password) =>
        _auth.RegisterAsync(new RegisterInput(email, password, " Ada ", ""), _client, CancellationToken.None);

    // ---- register

    [Fact]
    public async Task Register_creates_a_user_with_hashed_password_and_starts_a_login()
    {
        var result = await RegisterAsync("  Ada@Example.com ");

        var user = Assert.Single(_users.Users.Values);
        Assert.Equal("Ada@Example.com", user.Email);
        Assert.Equal("ada@example.com", user.NormalizedEmail);
        Assert.Equal("Ada", user.FirstName);
        Assert.Null(user.LastName);
        Assert.Equal(Roles.User, user.Role);
        Assert.NotEqual(Password, user.PasswordHash);
        Assert.True(_hasher.Verify(Password, user.PasswordHash));
        Assert.Equal(900, result.ExpiresIn);

        var session = Assert.Single(_credentials.Sessions.Values);
        Assert.Equal(session.Id, session.FamilyId);
        Assert.Equal("203.0.113.7", session.IpAddress);
        Assert.Equal(TestSupport.Start.AddDays(30), session.ExpiresAt);
        Assert.DoesNotContain(result.RefreshToken.Split('.')[2], session.TokenHash);
        Assert.StartsWith($"{user.Id}.{session.Id}.", result.RefreshToken);

        var caller = await _auth.AuthenticateAsync(result.AccessToken, CancellationToken.None);
        Assert.Equal(user.Id, caller.UserId);
        Assert.Equal(session.FamilyId, caller.SessionFamilyId);
    }

    [Fact]
    public async Task Register_with_a_taken_email_in_any_case_is_a_conflict()
    {
        await RegisterAsync("ada@example.com");

        await ThrowsKmt(ErrorCode.Conflict, () => RegisterAsync("ADA@EXAMPLE.COM"));
    }

    [Fact]
    public async Task Register_reports_every_invalid_field_at_once()
    {
        var error = await ThrowsValidation(() => _auth.RegisterAsync(
            new RegisterInput("not-an-email", "short", new string('a', 101), null), _client, CancellationToken.None));

        HasError(error, "email", "format");
        HasError(error, "password", "between 8 and 128");
        HasError(error, "first_name", "100");
        Assert.Equal(3, error.Errors.Count);
        Assert.Empty(_users.Users);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("a@example")]
    [InlineData("a@example.")]
    [InlineData("a@.com")]
    [InlineData("a b@example.com")]
    [InlineData("a@exa mple.com")]
    public async Task Register_rejects_malformed_emails(string email)
    {
        var error = await ThrowsValidation(() => RegisterAsync(email));

        HasError(error, "email");
    }

    [Fact]
    public async Task Register_rejects_an_email_longer_than_the_limit()
    {
        var email = new string('a', 244) + "@example.com"; // 256

        var error = await ThrowsValidation(() => RegisterAsync(email));

        HasError(error, "email", "255");
    }

    [Theory]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    [InlineData("          ", false)]
    public async Task Register_enforces_password_rules(string password, bool ok)
    {
        if (ok)
        {
            await RegisterAsync(password: password);
            return;
        }

        var error = await ThrowsValidation(() => RegisterAsync(password: password));
        HasError(error, "password");
    }

    [Fact]
    public async Task Register_accepts_a_128_char_password_and_rejects_129()
    {
        await RegisterAsync("a@example.com", new string('p', 128));

        var error = await ThrowsValidation(() => RegisterAsync("b@example.com", new string('p', 129)));
        HasError(error, "password");
    }

    // ---- login

    [Fact]
    public async Task Login_with_the_right_password_sets_last_login_and_starts_a_new_family()
    {
        var registered = await RegisterAsync();
        _clock.Advance(TimeSpan.FromHours(1));

        var result = await _auth.LoginAsync(new LoginInput(" ADA@example.com ", Password), _client, CancellationToken.None);

        Assert.Equal(registered.User.Id, result.User.Id);
        Assert.Equal(TestSupport.Start.AddHours(1), _users.Users[result.User.Id].LastLogin);
        Assert.Equal(registered.User.ETag, _users.Users[result.User.Id].ETag); // bookkeeping keeps the ETag
        Assert.Equal(2, _credentials.Sessions.Values.Select(s => s.FamilyId).Distinct().Count());
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_give_the_same_401()
    {
        await RegisterAsync();

        var wrongPassword = await ThrowsKmt(ErrorCode.Unauthorized,
            () => _auth.LoginAsync(new LoginInput("ada@example.com", "wrong-password"), _client, CancellationToken.None));
        var unknownEmail = await ThrowsKmt(ErrorCode.Unauthorized,
            () => _auth.LoginAsync(new LoginInput("nobody@example.com", Password), _client, CancellationToken.None));

        Assert.Equal("Email or password is incorrect.", wrongPassword.Message);
        Assert.Equal(wrongPassword.Message, unknownEmail.Message);
        Assert.Equal(wrongPassword.Details, unknownEmail.Details);
    }

    [Fact]
    public async Task Inactive_user_cannot_log_in()
    {
        var registered = await RegisterAsync();
        _users.Users[registered.User.Id] = _users.Users[registered.User.Id] with { IsActive = false };

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.LoginAsync(new LoginInput("ada@example.com", Password), _client, CancellationToken.None));
    }

    [Fact]
    public async Task Login_requires_both_fields()
    {
        var error = await ThrowsValidation(() => _auth.LoginAsync(new LoginInput(" ", null), _client, CancellationToken.None));

        HasError(error, "email");
        HasError(error, "password");
    }

    [Fact]
    public async Task Login_upgrades_a_hash_made_with_fewer_iterations()
    {
        var registered = await RegisterAsync();
        var weak = new PasswordHasher(Options(AuthOptions(o => o.PasswordIterations = 1000)));
        var stronger = Options(AuthOptions(o => o.PasswordIterations = 2000));
        var auth = new AuthService(_users, _credentials, new MailDelivery(_mail, _clock), new PasswordHasher(stronger), _tokens, stronger, Limits(), _clock, NullLogger<AuthService>.Instance);
        _users.Users[registered.User.Id] = _users.Users[registered.User.Id] with { PasswordHash = weak.Hash(Password) };

        await auth.LoginAsync(new LoginInput("ada@example.com", Password), _client, CancellationToken.None);

        Assert.StartsWith("pbkdf2-sha256$2000$", _users.Users[registered.User.Id].PasswordHash);
    }

    // ---- refresh

    [Fact]
    public async Task Refresh_rotates_the_token_within_the_same_family()
    {
        var login = await RegisterAsync();
        _clock.Advance(TimeSpan.FromMinutes(20));

        var refreshed = await _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);

        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);
        var sessions = _credentials.Sessions.Values.OrderBy(s => s.CreatedAt).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(TestSupport.Start.AddMinutes(20), sessions[0].UsedAt);
        Assert.Equal(sessions[1].Id, sessions[0].ReplacedById);
        Assert.Equal(sessions[0].FamilyId, sessions[1].FamilyId);
        var caller = await _auth.AuthenticateAsync(refreshed.AccessToken, CancellationToken.None);
        Assert.Equal(sessions[0].FamilyId, caller.SessionFamilyId);
    }

    [Fact]
    public async Task Reusing_a_rotated_token_revokes_the_whole_family_and_its_access_tokens()
    {
        var login = await RegisterAsync();
        var refreshed = await _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(31)); // past the reuse grace window

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));

        Assert.NotNull(Assert.Single(_credentials.Families.Values).RevokedAt);
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(refreshed.RefreshToken), _client, CancellationToken.None));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(refreshed.AccessToken, CancellationToken.None));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task Reuse_in_one_family_leaves_other_logins_alone()
    {
        var first = await RegisterAsync();
        var second = await _auth.LoginAsync(new LoginInput("ada@example.com", Password), _client, CancellationToken.None);
        await _auth.RefreshAsync(new RefreshInput(first.RefreshToken), _client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(first.RefreshToken), _client, CancellationToken.None));

        await _auth.AuthenticateAsync(second.AccessToken, CancellationToken.None);
        await _auth.RefreshAsync(new RefreshInput(second.RefreshToken), _client, CancellationToken.None);
    }

    [Fact]
    public async Task Losing_the_rotation_race_counts_as_reuse()
    {
        var login = await RegisterAsync();
        _credentials.FailNextRotation = true;

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));

        Assert.Single(_credentials.RevokedFamilies);
    }

    [Fact]
    public async Task A_token_reused_within_the_grace_window_gets_the_same_successor()
    {
        var login = await RegisterAsync();
        var first = await _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(29));

        var second = await _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);

        Assert.Equal(first.RefreshToken, second.RefreshToken);
        Assert.Empty(_credentials.RevokedFamilies);
        Assert.Equal(2, _credentials.Sessions.Count);
        await _auth.AuthenticateAsync(second.AccessToken, CancellationToken.None);
        await _auth.RefreshAsync(new RefreshInput(second.RefreshToken), _client, CancellationToken.None);
    }

    [Fact]
    public async Task Reuse_within_the_grace_window_after_the_successor_was_used_is_theft()
    {
        var login = await RegisterAsync();
        var first = await _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);
        await _auth.RefreshAsync(new RefreshInput(first.RefreshToken), _client, CancellationToken.None);

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));

        Assert.Single(_credentials.RevokedFamilies);
    }

    [Fact]
    public async Task The_reuse_grace_window_is_configurable_and_zero_turns_it_off()
    {
        var options = Options(AuthOptions());
        options.Value.RefreshReuseGrace = TimeSpan.Zero;
        var strict = new AuthService(_users, _credentials, new MailDelivery(_mail, _clock), _hasher, _tokens, options, Limits(), _clock, NullLogger<AuthService>.Instance);
        var login = await strict.RegisterAsync(new RegisterInput("zero@example.com", Password, null, null), _client, CancellationToken.None);
        await strict.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));

        await ThrowsKmt(ErrorCode.Unauthorized, () => strict.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));

        Assert.Single(_credentials.RevokedFamilies);
    }

    [Fact]
    public async Task A_login_refreshed_every_20_days_stays_valid_long_after_its_first_token_expired()
    {
        // Records vanish like Cosmos DB's TTL removes them: expiry + 7 days. Before the family record, the
        // access check read the login's first session, which vanished after 37 days.
        _credentials.TtlClock = _clock;
        var login = await RegisterAsync();
        var refreshToken = login.RefreshToken;
        AuthResult latest = login;
        for (var day = 20; day <= 200; day += 20)
        {
            _clock.Advance(TimeSpan.FromDays(20));
            latest = await _auth.RefreshAsync(new RefreshInput(refreshToken), _client, CancellationToken.None);
            refreshToken = latest.RefreshToken;
            await _auth.AuthenticateAsync(latest.AccessToken, CancellationToken.None);
        }

        Assert.Null(await _credentials.GetSessionAsync(login.User.Id, Assert.Single(_credentials.Families.Values).Id, CancellationToken.None));
        var caller = await _auth.AuthenticateAsync(latest.AccessToken, CancellationToken.None);
        Assert.Equal(login.User.Id, caller.UserId);
    }

    [Fact]
    public async Task A_login_left_unrefreshed_past_its_token_lifetime_ends()
    {
        _credentials.TtlClock = _clock;
        var login = await RegisterAsync();
        _clock.Advance(TimeSpan.FromDays(31));

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));
    }

    [Fact]
    public async Task Logout_revokes_the_family_record_without_writing_its_sessions()
    {
        var login = await RegisterAsync();
        var token = login.RefreshToken;
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            token = (await _auth.RefreshAsync(new RefreshInput(token), _client, CancellationToken.None)).RefreshToken;
        }

        var caller = await _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None);
        await _auth.LogoutAsync(caller, new LogoutInput(token), CancellationToken.None);

        Assert.NotNull(Assert.Single(_credentials.Families.Values).RevokedAt);
        Assert.All(_credentials.Sessions.Values, s => Assert.Null(s.RevokedAt));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(token), _client, CancellationToken.None));
    }

    [Fact]
    public async Task Expired_refresh_token_is_rejected()
    {
        var login = await RegisterAsync();
        _clock.Advance(TimeSpan.FromDays(30));

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_token_with_a_wrong_secret_is_rejected_without_revoking()
    {
        var login = await RegisterAsync();
        var parts = login.RefreshToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', 43)}";

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(forged), _client, CancellationToken.None));

        Assert.Empty(_credentials.RevokedFamilies);
        await _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60.0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60.short")]
    [InlineData("0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60.0190a3f4-7b1c-7d2e-8f3a-1b2c3d4e5f60.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_or_malformed_refresh_tokens_are_401(string token)
    {
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(token), _client, CancellationToken.None));
    }

    [Fact]
    public async Task Missing_refresh_token_is_a_validation_error()
    {
        var error = await ThrowsValidation(() => _auth.RefreshAsync(new RefreshInput(null), _client, CancellationToken.None));

        HasError(error, "refresh_token");
    }

    // ---- logout and authenticate

    [Fact]
    public async Task Logout_with_own_refresh_token_ends_that_login_only()
    {
        var first = await RegisterAsync();
        var second = await _auth.LoginAsync(new LoginInput("ada@example.com", Password), _client, CancellationToken.None);
        var caller = await _auth.AuthenticateAsync(second.AccessToken, CancellationToken.None);

        await _auth.LogoutAsync(caller, new LogoutInput(first.RefreshToken), CancellationToken.None);

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(first.AccessToken, CancellationToken.None));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(first.RefreshToken), _client, CancellationToken.None));
        await _auth.AuthenticateAsync(second.AccessToken, CancellationToken.None);
    }

    [Fact]
    public async Task Logout_without_a_token_ends_every_login()
    {
        var first = await RegisterAsync();
        var second = await _auth.LoginAsync(new LoginInput("ada@example.com", Password), _client, CancellationToken.None);
        var caller = await _auth.AuthenticateAsync(first.AccessToken, CancellationToken.None);

        await _auth.LogoutAsync(caller, new LogoutInput(null), CancellationToken.None);

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(first.AccessToken, CancellationToken.None));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(second.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task Logout_with_another_users_token_ignores_it_and_ends_the_callers_own_login()
    {
        var ada = await RegisterAsync("ada@example.com");
        var bob = await RegisterAsync("bob@example.com");
        var adaCaller = await _auth.AuthenticateAsync(ada.AccessToken, CancellationToken.None);

        await _auth.LogoutAsync(adaCaller, new LogoutInput(bob.RefreshToken), CancellationToken.None);

        await _auth.AuthenticateAsync(bob.AccessToken, CancellationToken.None);
        await _auth.RefreshAsync(new RefreshInput(bob.RefreshToken), _client, CancellationToken.None);
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(ada.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task Authenticate_rejects_tokens_of_deleted_or_deactivated_users()
    {
        var login = await RegisterAsync();
        _users.Users[login.User.Id] = login.User with { IsActive = false };
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));

        _users.Users.Clear();
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task Authenticate_rejects_an_expired_access_token()
    {
        var login = await RegisterAsync();
        _clock.Advance(TimeSpan.FromMinutes(16));

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task Authenticate_uses_the_stored_role()
    {
        var login = await RegisterAsync();
        _users.Users[login.User.Id] = login.User with { Role = Roles.Admin };

        var caller = await _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None);

        Assert.Equal(Roles.Admin, caller.Role);
    }

    // ---- forgot and reset password

    [Fact]
    public async Task Forgot_password_behaves_the_same_for_unknown_emails_and_sends_nothing()
    {
        await RegisterAsync();

        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("nobody@example.com"), CancellationToken.None);

        Assert.Empty(_mail.Sent);
        Assert.Empty(_credentials.ResetTokens);
    }

    [Fact]
    public async Task Forgot_password_mails_a_token_whose_hash_alone_is_stored()
    {
        var login = await RegisterAsync();

        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ADA@example.com"), CancellationToken.None);

        var mail = Assert.Single(_mail.Sent);
        Assert.Equal("Ada@Example.com", mail.To);
        Assert.Equal(login.User.Id, mail.UserId);
        var stored = Assert.Single(_credentials.ResetTokens.Values);
        Assert.Equal(TestSupport.Start.AddHours(1), stored.ExpiresAt);
        var token = ExtractToken(mail.Body);
        Assert.StartsWith($"{login.User.Id}.{stored.Id}.", token);
        Assert.DoesNotContain(token.Split('.')[2], stored.TokenHash);
    }

    [Fact]
    public async Task Forgot_password_validates_the_email_format()
    {
        var error = await ThrowsValidation(() => _auth.ForgotPasswordAsync(new ForgotPasswordInput("nope"), CancellationToken.None));

        HasError(error, "email");
    }

    [Fact]
    public async Task Reset_sets_the_new_password_ends_every_login_and_works_once()
    {
        var login = await RegisterAsync();
        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ada@example.com"), CancellationToken.None);
        var token = ExtractToken(_mail.Sent[0].Body);
        var etagBefore = _users.Users[login.User.Id].ETag;

        await _auth.ResetPasswordAsync(new ResetPasswordInput(token, "brand-new-password"), CancellationToken.None);

        Assert.NotEqual(etagBefore, _users.Users[login.User.Id].ETag);
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.LoginAsync(new LoginInput("ada@example.com", Password), _client, CancellationToken.None));
        await _auth.LoginAsync(new LoginInput("ada@example.com", "brand-new-password"), _client, CancellationToken.None);
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.RefreshAsync(new RefreshInput(login.RefreshToken), _client, CancellationToken.None));

        var again = await ThrowsValidation(() => _auth.ResetPasswordAsync(new ResetPasswordInput(token, "another-password"), CancellationToken.None));
        HasError(again, "token", "invalid or has expired");
    }

    [Fact]
    public async Task A_successful_reset_voids_the_other_outstanding_reset_links()
    {
        await RegisterAsync();
        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ada@example.com"), CancellationToken.None);
        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ada@example.com"), CancellationToken.None);
        var older = ExtractToken(_mail.Sent[0].Body);
        var newer = ExtractToken(_mail.Sent[1].Body);

        await _auth.ResetPasswordAsync(new ResetPasswordInput(newer, "brand-new-password"), CancellationToken.None);

        var error = await ThrowsValidation(() => _auth.ResetPasswordAsync(new ResetPasswordInput(older, "attackers-password"), CancellationToken.None));
        HasError(error, "token", "invalid or has expired");
        await _auth.LoginAsync(new LoginInput("ada@example.com", "brand-new-password"), _client, CancellationToken.None);
    }

    [Fact]
    public async Task Reset_with_an_expired_token_fails()
    {
        await RegisterAsync();
        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ada@example.com"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        var error = await ThrowsValidation(() => _auth.ResetPasswordAsync(
            new ResetPasswordInput(ExtractToken(_mail.Sent[0].Body), "brand-new-password"), CancellationToken.None));

        HasError(error, "token", "The reset link is invalid or has expired.");
    }

    [Fact]
    public async Task Reset_with_a_forged_secret_fails()
    {
        await RegisterAsync();
        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ada@example.com"), CancellationToken.None);
        var parts = ExtractToken(_mail.Sent[0].Body).Split('.');

        var error = await ThrowsValidation(() => _auth.ResetPasswordAsync(
            new ResetPasswordInput($"{parts[0]}.{parts[1]}.{new string('B', 43)}", "brand-new-password"), CancellationToken.None));

        HasError(error, "token");
        Assert.Null(Assert.Single(_credentials.ResetTokens.Values).UsedAt);
    }

    [Fact]
    public async Task Reset_validates_the_new_password_before_using_the_token()
    {
        await RegisterAsync();
        await _auth.ForgotPasswordAsync(new ForgotPasswordInput("ada@example.com"), CancellationToken.None);

        var error = await ThrowsValidation(() => _auth.ResetPasswordAsync(new ResetPasswordInput(ExtractToken(_mail.Sent[0].Body), "short"), CancellationToken.None));

        HasError(error, "password");
        Assert.Null(Assert.Single(_credentials.ResetTokens.Values).UsedAt);
    }

    private static string ExtractToken(string body) =>
        body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Single(word => word.Count(c => c == '.') == 2 && word.Length > 100);
}
