using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Accounts;

/// <summary>A login checked a moment ago is not read again; what ends a login here takes effect at once.</summary>
public sealed class SessionCheckCacheTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryCredentialStore _credentials = new();
    private readonly AuthService _auth;

    public SessionCheckCacheTests()
    {
        var options = Options(AuthOptions());
        options.Value.SessionCheckCacheDuration = TimeSpan.FromSeconds(5);
        var hasher = new PasswordHasher(options);
        var tokens = new AccessTokenService(options, _clock);
        _auth = new AuthService(_users, _credentials, new MailDelivery(new RecordingMailOutbox(), _clock), hasher, tokens, options, Limits(), _clock, NullLogger<AuthService>.Instance,
            sessionChecks: new SessionCheckCache(options, _clock));
    }

    private Task<AuthResult> RegisterAsync() =>
        _auth.RegisterAsync(new RegisterInput("ada@example.com", "s3cret-passw0rd", "Ada", null), new ClientInfo("203.0.113.7", "tests/1.0"), CancellationToken.None);

    /// <summary>Ends the family behind the store's back, as another instance's logout would.</summary>
    private void RevokeElsewhere(string userId, string familyId) =>
        _credentials.Families[(userId, familyId)] = _credentials.Families[(userId, familyId)] with { RevokedAt = _clock.GetUtcNow() };

    [Fact]
    public async Task Within_the_duration_the_login_is_not_read_again_and_after_it_it_is()
    {
        var login = await RegisterAsync();
        var caller = await _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None);
        RevokeElsewhere(caller.UserId, caller.SessionFamilyId);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(caller, await _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task A_logout_on_this_instance_takes_effect_at_once()
    {
        var login = await RegisterAsync();
        var caller = await _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None);

        await _auth.LogoutAsync(caller, new LogoutInput(login.RefreshToken), CancellationToken.None);

        await ThrowsKmt(ErrorCode.Unauthorized, () => _auth.AuthenticateAsync(login.AccessToken, CancellationToken.None));
    }

    [Fact]
    public async Task A_zero_duration_checks_every_request()
    {
        var options = Options(AuthOptions());
        options.Value.SessionCheckCacheDuration = TimeSpan.Zero;
        var cache = new SessionCheckCache(options, _clock);
        var caller = new AuthenticatedUser("u", Roles.User, "f");

        cache.Remember(caller);

        Assert.Null(cache.Find("u", "f"));
    }

    [Fact]
    public void Forgetting_a_user_leaves_other_users_remembered()
    {
        var cache = new SessionCheckCache(Options(AuthOptions()), _clock);
        cache.Remember(new AuthenticatedUser("u1", Roles.User, "f1"));
        cache.Remember(new AuthenticatedUser("u1", Roles.User, "f2"));
        cache.Remember(new AuthenticatedUser("u2", Roles.User, "f3"));

        cache.Forget("u1");

        Assert.Null(cache.Find("u1", "f1"));
        Assert.Null(cache.Find("u1", "f2"));
        Assert.NotNull(cache.Find("u2", "f3"));
    }
}
