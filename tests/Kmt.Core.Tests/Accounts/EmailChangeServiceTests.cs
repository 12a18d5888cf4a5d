using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Accounts;

public class EmailChangeServiceTests
{
    private const string Password = "password-1";

    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryCredentialStore _credentials = new();
    private readonly RecordingMailOutbox _mail = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly PasswordHasher _hasher = new(Options(AuthOptions()));
    private readonly User _ada;
    private readonly AuthenticatedUser _caller;

    public EmailChangeServiceTests()
    {
        _ada = NewUser("Ada@Example.com");
        _caller = new AuthenticatedUser(_ada.Id, Roles.User, Ids.New());
    }

    private EmailChangeService Service(Action<AuthOptions>? configure = null) =>
        new(_users, _credentials, new MailDelivery(_mail, _clock), _hasher, _audit, Options(AuthOptions(configure)), Limits(), _clock);

    private User NewUser(string email)
    {
        var user = new User
        {
            Id = Ids.New(),
            Email = email,
            NormalizedEmail = email.ToLowerInvariant(),
            PasswordHash = _hasher.Hash(Password),
            Role = Roles.User,
            CreatedAt = TestSupport.Start,
            UpdatedAt = TestSupport.Start,
            ETag = ETags.New(),
        };
        _users.Users[user.Id] = user;
        return user;
    }

    private string CodeSentTo(string address) =>
        Assert.Single(_mail.Sent, m => m.To == address && m.Secret is not null).Secret!;

    [Fact]
    public async Task The_address_changes_only_when_the_code_sent_to_it_is_confirmed()
    {
        var service = Service();
        var request = await service.RequestAsync(_caller, new EmailChangeInput(Password, " Ada.New@Example.com "), CancellationToken.None);

        Assert.Equal("Ada.New@Example.com", request.NewEmail);
        Assert.Equal(TestSupport.Start.AddHours(24), request.ExpiresAt);
        Assert.Equal(_ada, _users.Users[_ada.Id]); // nothing changed yet
        var code = CodeSentTo("Ada.New@Example.com");
        var notice = Assert.Single(_mail.Sent, m => m.To == "Ada@Example.com");
        Assert.Null(notice.Secret);
        Assert.DoesNotContain(code, notice.Body, StringComparison.Ordinal);
        Assert.Contains("Ada.New@Example.com", notice.Body, StringComparison.Ordinal);
        Assert.Equal(PasswordResetToken.EmailChangePurpose, Assert.Single(_credentials.ResetTokens.Values).Purpose);

        _clock.Advance(TimeSpan.FromMinutes(5));
        var changed = await service.ConfirmAsync(new ConfirmEmailInput(code), CancellationToken.None);

        Assert.Equal("Ada.New@Example.com", changed.Email);
        Assert.Equal("ada.new@example.com", changed.NormalizedEmail);
        Assert.NotEqual(_ada.ETag, changed.ETag);
        Assert.Equal(changed, _users.Users[_ada.Id]);
        Assert.Equal(3, _mail.Sent.Count);
        Assert.Equal(AccountMails.ChangedSubject, _mail.Sent[^1].Subject);
        Assert.Equal("Ada@Example.com", _mail.Sent[^1].To);
        Assert.Equal(
            [AuditEvents.EmailChangeRequested, AuditEvents.EmailChanged],
            _audit.Entries.Where(e => e.UserId == _ada.Id).Select(e => e.EventType));

        // Usable once.
        HasError(await ThrowsValidation(() => service.ConfirmAsync(new ConfirmEmailInput(code), CancellationToken.None)), "token");
    }

    [Theory]
    [InlineData(null, "current_password")]
    [InlineData("wrong password", "current_password")]
    public async Task The_current_password_is_required(string? password, string field)
    {
        var error = await ThrowsValidation(() => Service().RequestAsync(_caller, new EmailChangeInput(password, "new@example.com"), CancellationToken.None));

        HasError(error, field);
        Assert.Empty(_mail.Sent);
        Assert.Empty(_credentials.ResetTokens);
    }

    [Fact]
    public async Task A_taken_or_unchanged_or_malformed_address_is_refused()
    {
        NewUser("bob@example.com");
        var service = Service();

        await ThrowsKmt(ErrorCode.Conflict, () => service.RequestAsync(_caller, new EmailChangeInput(Password, "BOB@example.com"), CancellationToken.None));
        HasError(await ThrowsValidation(() => service.RequestAsync(_caller, new EmailChangeInput(Password, "ADA@example.com"), CancellationToken.None)), "new_email");
        HasError(await ThrowsValidation(() => service.RequestAsync(_caller, new EmailChangeInput(Password, "nope"), CancellationToken.None)), "new_email");
        Assert.Empty(_mail.Sent);
    }

    [Fact]
    public async Task An_address_taken_between_request_and_confirmation_is_a_conflict_at_confirmation()
    {
        var service = Service();
        await service.RequestAsync(_caller, new EmailChangeInput(Password, "wanted@example.com"), CancellationToken.None);
        NewUser("wanted@example.com");

        await ThrowsKmt(ErrorCode.Conflict, () => service.ConfirmAsync(new ConfirmEmailInput(CodeSentTo("wanted@example.com")), CancellationToken.None));
        Assert.Equal("Ada@Example.com", _users.Users[_ada.Id].Email);
    }

    [Fact]
    public async Task An_expired_code_or_a_password_reset_code_does_not_confirm()
    {
        var service = Service();
        await service.RequestAsync(_caller, new EmailChangeInput(Password, "new@example.com"), CancellationToken.None);
        var code = CodeSentTo("new@example.com");

        _clock.Advance(TimeSpan.FromHours(24));
        HasError(await ThrowsValidation(() => service.ConfirmAsync(new ConfirmEmailInput(code), CancellationToken.None)), "token");

        // A password-reset token has no purpose: it never changes an address.
        var reset = OpaqueToken.Create(_ada.Id, Ids.New());
        await _credentials.CreateResetTokenAsync(
            new PasswordResetToken { Id = reset.RecordId, UserId = _ada.Id, TokenHash = reset.Hash(), CreatedAt = _clock.GetUtcNow(), ExpiresAt = _clock.GetUtcNow().AddHours(1), NewEmail = "x@example.com" },
            CancellationToken.None);
        HasError(await ThrowsValidation(() => service.ConfirmAsync(new ConfirmEmailInput(reset.Value), CancellationToken.None)), "token");
        HasError(await ThrowsValidation(() => service.ConfirmAsync(new ConfirmEmailInput("garbage"), CancellationToken.None)), "token");
        Assert.Equal("Ada@Example.com", _users.Users[_ada.Id].Email);
    }

    [Fact]
    public async Task Entra_mode_and_external_accounts_are_refused()
    {
        var entra = Service(o => o.Mode = AuthModes.Entra);
        var error = await ThrowsKmt(ErrorCode.Forbidden, () => entra.RequestAsync(_caller, new EmailChangeInput(Password, "new@example.com"), CancellationToken.None));
        Assert.Equal(EmailChangeService.ManagedExternallyMessage, error.Message);
        await ThrowsKmt(ErrorCode.Forbidden, () => entra.ConfirmAsync(new ConfirmEmailInput("x.y.z"), CancellationToken.None));

        _users.Users[_ada.Id] = _ada with { ExternalSubject = "entra|t|o", NormalizedEmail = "external|entra|t|o", PasswordHash = "" };
        await ThrowsKmt(ErrorCode.Forbidden, () => Service().RequestAsync(_caller, new EmailChangeInput(Password, "new@example.com"), CancellationToken.None));
        Assert.Empty(_mail.Sent);
    }
}
