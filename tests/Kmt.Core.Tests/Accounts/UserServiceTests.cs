using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Accounts;

public class UserServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly Mock<IUserDataEraser> _eraser = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly PasswordHasher _hasher = new(Options(AuthOptions()));
    private readonly UserService _service;
    private readonly User _ada;
    private readonly AuthenticatedUser _caller;

    public UserServiceTests()
    {
        _service = new UserService(_users, new AccountErasureService(_privacy, _eraser.Object, Options(new PrivacyOptions()), _clock, NullLogger<AccountErasureService>.Instance), _hasher, Limits(l => l.PreferencesMaxBytes = 64), _clock);
        _ada = NewUser("ada@example.com");
        _caller = new AuthenticatedUser(_ada.Id, Roles.User, Ids.New());
    }

    private User NewUser(string email)
    {
        var user = new User
        {
            Id = Ids.New(),
            Email = email,
            NormalizedEmail = email,
            PasswordHash = _hasher.Hash("password-1"),
            FirstName = "Ada",
            LastName = "Lovelace",
            Role = Roles.User,
            CreatedAt = TestSupport.Start,
            UpdatedAt = TestSupport.Start,
            ETag = ETags.New(),
        };
        _users.Users[user.Id] = user;
        return user;
    }

    [Fact]
    public async Task Profile_of_a_deleted_user_is_401()
    {
        _users.Users.Clear();

        await ThrowsKmt(ErrorCode.Unauthorized, () => _service.GetProfileAsync(_caller, CancellationToken.None));
    }

    [Fact]
    public async Task Replace_profile_replaces_all_fields_and_changes_the_etag()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));

        var updated = await _service.ReplaceProfileAsync(_caller, new ProfileInput(" ADA@Example.com ", "Augusta", null), _ada.ETag, CancellationToken.None);

        Assert.Equal("ADA@Example.com", updated.Email); // letter case only: the same address
        Assert.Equal("ada@example.com", updated.NormalizedEmail);
        Assert.Equal("Augusta", updated.FirstName);
        Assert.Null(updated.LastName);
        Assert.NotEqual(_ada.ETag, updated.ETag);
        Assert.Equal(TestSupport.Start.AddMinutes(1), updated.UpdatedAt);
        Assert.Equal(updated, _users.Users[_ada.Id]);
    }

    [Theory]
    [InlineData("ada.l@example.com")]
    [InlineData("BOB@example.com")]
    public async Task Replace_profile_does_not_change_the_address_of_a_local_account(string email)
    {
        NewUser("bob@example.com");

        var error = await ThrowsValidation(() => _service.ReplaceProfileAsync(_caller, new ProfileInput(email, "Augusta", null), null, CancellationToken.None));

        HasError(error, "email", "POST /api/v1/users/email");
        Assert.Equal(_ada, _users.Users[_ada.Id]);
    }

    [Fact]
    public async Task Replace_profile_with_a_stale_etag_is_412()
    {
        await ThrowsKmt(ErrorCode.PreconditionFailed,
            () => _service.ReplaceProfileAsync(_caller, new ProfileInput("ada@example.com", null, null), ETags.New(), CancellationToken.None));
    }

    [Fact]
    public async Task Replace_profile_requires_a_valid_email()
    {
        var error = await ThrowsValidation(() => _service.ReplaceProfileAsync(_caller, new ProfileInput(null, null, null), null, CancellationToken.None));

        HasError(error, "email", "required");
    }

    [Fact]
    public async Task Preferences_are_replaced_and_stored_compactly()
    {
        var stored = await _service.ReplacePreferencesAsync(_caller, Json("""{ "theme" : "dark" }"""), CancellationToken.None);

        Assert.Equal("""{"theme":"dark"}""", stored);
        Assert.Equal(stored, await _service.GetPreferencesAsync(_caller, CancellationToken.None));
        Assert.NotEqual(_ada.ETag, _users.Users[_ada.Id].ETag);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"dark\"")]
    [InlineData("null")]
    [InlineData("""{"x":"0123456789012345678901234567890123456789012345678901234567890"}""")]
    public async Task Preferences_must_be_a_small_object(string json)
    {
        var error = await ThrowsValidation(() => _service.ReplacePreferencesAsync(_caller, Json(json), CancellationToken.None));

        HasError(error, "preferences");
    }

    [Fact]
    public async Task Delete_account_with_the_right_password_erases_the_users_data()
    {
        await _service.DeleteAccountAsync(_caller, new DeleteAccountInput("password-1"), CancellationToken.None);

        _eraser.Verify(e => e.EraseAsync(_ada.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("wrong-password", "Password is incorrect.")]
    public async Task Delete_account_without_the_right_password_erases_nothing(string? password, string reason)
    {
        var error = await ThrowsValidation(() => _service.DeleteAccountAsync(_caller, new DeleteAccountInput(password), CancellationToken.None));

        HasError(error, "password", reason);
        _eraser.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_external_accounts_email_is_display_only()
    {
        var external = _ada with { ExternalSubject = "entra|t|o", NormalizedEmail = "external|entra|t|o", PasswordHash = "" };
        _users.Users[_ada.Id] = external;
        var bob = NewUser("bob@example.com");

        // Bob's address is free to show: it is not the external account's unique key.
        var updated = await _service.ReplaceProfileAsync(_caller, new ProfileInput("bob@example.com", "Ada", null), null, CancellationToken.None);

        Assert.Equal("bob@example.com", updated.Email);
        Assert.Equal("external|entra|t|o", updated.NormalizedEmail);
        Assert.Equal(bob, _users.Users[bob.Id]);
    }

    [Fact]
    public async Task Delete_external_account_needs_no_password()
    {
        _users.Users[_ada.Id] = _ada with { ExternalSubject = "entra|t|o", NormalizedEmail = "external|entra|t|o", PasswordHash = "" };

        await _service.DeleteAccountAsync(_caller, new DeleteAccountInput(null), CancellationToken.None);

        _eraser.Verify(e => e.EraseAsync(_ada.Id, It.IsAny<CancellationToken>()), Times.Once);
    }
}
