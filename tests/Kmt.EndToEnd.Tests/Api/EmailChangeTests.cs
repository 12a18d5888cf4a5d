using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>POST users/email and POST auth/email/confirm (docs/api.md, "E-mail change").</summary>
[Collection(DevHostCollection.Name)]
public sealed class EmailChangeTests(DevHostFixture host)
{
    private const string ChangeEmail = "api/v1/users/email";
    private const string Confirm = "api/v1/auth/email/confirm";

    private static string NewAddress() => $"moved-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task The_email_changes_when_the_new_address_confirms_and_the_old_one_is_told()
    {
        var user = await host.RegisterAsync();
        var newEmail = NewAddress();

        var accepted = (await user.Client.PostAsync(ChangeEmail, new { current_password = user.Password, new_email = newEmail })).Expect(HttpStatusCode.Accepted);
        Assert.Equal(newEmail, accepted.Data.Str("new_email"));
        Assert.Equal(user.Email, (await user.Client.GetAsync("api/v1/users/profile")).Data.Str("email")); // not yet
        (await host.LoginAsync(newEmail, user.Password)).Expect(HttpStatusCode.Unauthorized);
        var code = await host.ReadCodeSentToAsync(user.Id, newEmail);
        Assert.Contains(await host.MailsAsync(user.Id), m => m.To == user.Email);

        // Public: the code alone confirms, from any device.
        var confirmed = (await host.CreateClient().PostAsync(Confirm, new { token = code })).Expect(HttpStatusCode.OK);
        Assert.Equal(newEmail, confirmed.Data.Str("email"));
        Assert.NotNull(confirmed.Header("ETag"));

        Assert.Equal(newEmail, (await user.Client.GetAsync("api/v1/users/profile")).Data.Str("email"));
        (await host.LoginAsync(newEmail, user.Password)).Expect(HttpStatusCode.OK);
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.Unauthorized);
        var mails = await host.MailsAsync(user.Id);
        Assert.Equal(2, mails.Count(m => m.To == user.Email)); // requested, then changed

        var audit = (await user.Client.GetAsync("api/v1/users/audit")).Expect(HttpStatusCode.OK).Data.AsArray();
        var events = audit.Select(e => e!.Str("event_type")).ToList();
        Assert.Contains("account.email_change_requested", events);
        Assert.Contains("account.email_changed", events);

        (await host.CreateClient().PostAsync(Confirm, new { token = code })).ExpectValidation("token");
    }

    [Fact]
    public async Task A_wrong_password_a_taken_address_or_a_bad_code_changes_nothing()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();

        (await user.Client.PostAsync(ChangeEmail, new { current_password = "not the password", new_email = NewAddress() })).ExpectValidation("current_password");
        (await user.Client.PostAsync(ChangeEmail, new { new_email = NewAddress() })).ExpectValidation("current_password");
        (await user.Client.PostAsync(ChangeEmail, new { current_password = user.Password, new_email = "nope" })).ExpectValidation("new_email");
        (await user.Client.PostAsync(ChangeEmail, new { current_password = user.Password, new_email = other.Email.ToUpperInvariant() }))
            .ExpectError(HttpStatusCode.Conflict, "CONFLICT");
        (await host.CreateClient().PostAsync(ChangeEmail, new { current_password = user.Password, new_email = NewAddress() }))
            .ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.CreateClient().PostAsync(Confirm, new { token = "a.b.c" })).ExpectValidation("token");
        (await host.CreateClient().PostAsync(Confirm, new { })).ExpectValidation("token");

        Assert.Empty(await host.MailsAsync(user.Id));
        Assert.Equal(user.Email, (await user.Client.GetAsync("api/v1/users/profile")).Data.Str("email"));
    }

    [Fact]
    public async Task An_address_registered_before_the_confirmation_stays_with_its_new_owner()
    {
        var user = await host.RegisterAsync();
        var wanted = NewAddress();
        (await user.Client.PostAsync(ChangeEmail, new { current_password = user.Password, new_email = wanted })).Expect(HttpStatusCode.Accepted);
        var code = await host.ReadCodeSentToAsync(user.Id, wanted);
        var squatter = await host.RegisterAsync(wanted);

        (await host.CreateClient().PostAsync(Confirm, new { token = code })).ExpectError(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(user.Email, (await user.Client.GetAsync("api/v1/users/profile")).Data.Str("email"));
        Assert.Equal(wanted, (await squatter.Client.GetAsync("api/v1/users/profile")).Data.Str("email"));
    }

    [Fact]
    public async Task A_password_reset_voids_a_pending_email_change()
    {
        var user = await host.RegisterAsync();
        var wanted = NewAddress();
        (await user.Client.PostAsync(ChangeEmail, new { current_password = user.Password, new_email = wanted })).Expect(HttpStatusCode.Accepted);
        var code = await host.ReadCodeSentToAsync(user.Id, wanted);

        (await host.CreateClient().PostAsync("api/v1/auth/forgot-password", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var reset = await host.ReadResetTokenAsync(user.Id);
        (await host.CreateClient().PostAsync("api/v1/auth/reset-password", new { token = reset, password = "a brand new passphrase" })).Expect(HttpStatusCode.OK);

        (await host.CreateClient().PostAsync(Confirm, new { token = code })).ExpectValidation("token");
    }
}
