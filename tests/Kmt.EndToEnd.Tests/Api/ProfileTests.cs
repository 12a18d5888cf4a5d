using System.Net;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>users/profile, users/preferences and users/account.</summary>
[Collection(DevHostCollection.Name)]
public sealed class ProfileTests(DevHostFixture host)
{
    private const string Profile = "api/v1/users/profile";
    private const string Preferences = "api/v1/users/preferences";
    private const string Account = "api/v1/users/account";

    [Fact]
    public async Task Get_profile_returns_the_caller_with_an_etag()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.GetAsync(Profile)).Expect(HttpStatusCode.OK);
        Assert.Equal(user.Id, response.Data.Str("id"));
        Assert.Equal(user.Email, response.Data.Str("email"));
        Assert.Equal("Ada", response.Data.Str("first_name"));
        Assert.Equal("Lovelace", response.Data.Str("last_name"));
        Assert.True(response.Data["is_active"]!.GetValue<bool>());
        Assert.NotNull(response.Header("ETag"));
        Assert.Null(response.Data["password_hash"]);
    }

    [Fact]
    public async Task Put_profile_replaces_names_and_changes_the_etag()
    {
        var user = await host.RegisterAsync();
        var before = (await user.Client.GetAsync(Profile)).Expect(HttpStatusCode.OK);

        var put = (await user.Client.PutAsync(Profile, new { email = user.Email, first_name = "Grace" }, KmtApi.IfMatch(before.Header("ETag")!)))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(user.Email, put.Data.Str("email"));
        Assert.Equal("Grace", put.Data.Str("first_name"));
        Assert.Null(put.Data["last_name"]); // PUT replaces: omitted names are cleared
        Assert.NotEqual(before.Header("ETag"), put.Header("ETag"));

        var after = (await user.Client.GetAsync(Profile)).Expect(HttpStatusCode.OK);
        Assert.Equal("Grace", after.Data.Str("first_name"));
        Assert.Equal(put.Header("ETag"), after.Header("ETag"));
    }

    [Fact]
    public async Task Put_profile_does_not_change_the_email_and_points_to_the_email_route()
    {
        var user = await host.RegisterAsync();
        var newEmail = $"renamed-{Guid.NewGuid():N}@example.com";

        var response = (await user.Client.PutAsync(Profile, new { email = newEmail, first_name = "Grace" })).ExpectValidation("email");

        Assert.Contains("POST /api/v1/users/email", response.Json!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(user.Email, (await user.Client.GetAsync(Profile)).Data.Str("email"));
        (await host.LoginAsync(newEmail, user.Password)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Put_profile_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var user = await host.RegisterAsync();
        var etag = (await user.Client.GetAsync(Profile)).Header("ETag")!;
        (await user.Client.PutAsync(Profile, new { email = user.Email, first_name = "One" }, KmtApi.IfMatch(etag))).Expect(HttpStatusCode.OK);

        (await user.Client.PutAsync(Profile, new { email = user.Email, first_name = "Two" }, KmtApi.IfMatch(etag)))
            .ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.Equal("One", (await user.Client.GetAsync(Profile)).Data.Str("first_name"));
    }

    [Fact]
    public async Task Put_profile_validates_and_never_takes_another_accounts_email()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        (await user.Client.PutAsync(Profile, new { email = "nope" })).ExpectValidation("email");
        (await user.Client.PutAsync(Profile, new { email = user.Email, first_name = new string('x', 101) })).ExpectValidation("first_name");
        (await user.Client.PutAsync(Profile, new { email = other.Email.ToUpperInvariant() })).ExpectValidation("email");
        Assert.Equal(user.Email, (await user.Client.GetAsync(Profile)).Data.Str("email"));
    }

    [Fact]
    public async Task Preferences_start_empty_and_put_replaces_the_whole_object()
    {
        var user = await host.RegisterAsync();
        var initial = (await user.Client.GetAsync(Preferences)).Expect(HttpStatusCode.OK);
        Assert.Equal("{}", initial.Data.ToJsonString());

        var first = (await user.Client.PutAsync(Preferences, new { theme = "dark", digest = new { daily = true, hour = 7 } })).Expect(HttpStatusCode.OK);
        Assert.Equal("dark", first.Data.Str("theme"));
        Assert.Equal(7, first.Data["digest"]!.Int("hour"));

        (await user.Client.PutAsync(Preferences, new { language = "de" })).Expect(HttpStatusCode.OK);
        var stored = (await user.Client.GetAsync(Preferences)).Expect(HttpStatusCode.OK).Data.AsObject();
        Assert.Equal(["language"], stored.Select(p => p.Key));
        Assert.Equal("de", stored["language"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"dark\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Preferences_must_be_an_object(string body)
    {
        var user = await host.RegisterAsync();
        (await user.Client.PutAsync(Preferences, new { theme = "light" })).Expect(HttpStatusCode.OK);
        var response = await user.Client.PutAsync(Preferences, body);
        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
        Assert.Contains(response.ErrorField(), new[] { "preferences", "body" });
        Assert.Equal("light", (await user.Client.GetAsync(Preferences)).Data.Str("theme"));
    }

    [Fact]
    public async Task Preferences_are_bounded_in_size()
    {
        var user = await host.RegisterAsync();
        var justFits = new JsonObject { ["n"] = new string('x', 16 * 1024 - 8) }; // {"n":"..."} is 8 bytes of overhead
        (await user.Client.PutAsync(Preferences, justFits.ToJsonString())).Expect(HttpStatusCode.OK);

        var tooBig = new JsonObject { ["n"] = new string('x', 16 * 1024 - 7) };
        (await user.Client.PutAsync(Preferences, tooBig.ToJsonString())).ExpectValidation("preferences");
        Assert.Equal(16 * 1024 - 8, (await user.Client.GetAsync(Preferences)).Data.Str("n").Length);
    }

    [Fact]
    public async Task Delete_account_needs_the_right_password()
    {
        var user = await host.RegisterAsync();
        (await user.Client.DeleteAsync(Account, new { password = "wrong password!" })).ExpectValidation("password");
        (await user.Client.DeleteAsync(Account, new { })).ExpectValidation("password");
        (await user.Client.GetAsync(Profile)).Expect(HttpStatusCode.OK);
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK);
    }

    [NotOnEmulatedAzureFact(EmulatedAzureGaps.FullTextSearch)]
    public async Task Delete_account_erases_everything_and_the_email_can_register_again()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync("Private thoughts", "zanzibarian quokka notes", "diary");
        (await host.CreateClient().PostAsync("api/v1/auth/forgot-password", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        Assert.Equal(1, await host.MailCountAsync(user.Id));
        var resetToken = await host.ReadResetTokenAsync(user.Id);
        (await user.Client.PutAsync(Preferences, new { theme = "dark" })).Expect(HttpStatusCode.OK);

        var deleted = (await user.Client.DeleteAsync(Account, new { password = user.Password })).Expect(HttpStatusCode.OK);
        Assert.True(deleted.Data["deleted"]!.GetValue<bool>());

        (await host.LoginAsync(user.Email, user.Password)).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await user.Client.GetAsync(Profile)).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await user.Client.GetAsync(KmtApi.Knowledge)).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = user.RefreshToken })).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.Equal(0, await host.MailCountAsync(user.Id));
        (await host.CreateClient().PostAsync("api/v1/auth/reset-password", new { token = resetToken, password = "a brand new passphrase" })).ExpectValidation("token");

        var again = await host.RegisterAsync(user.Email);
        Assert.NotEqual(user.Id, again.Id);
        Assert.Empty(await again.ListIdsAsync());
        Assert.Empty(await again.ListIdsAsync("deleted=true"));
        Assert.Empty((await again.Client.GetAsync(KmtApi.Tags)).Expect(HttpStatusCode.OK).Data.AsArray());
        Assert.Equal("{}", (await again.Client.GetAsync(Preferences)).Data.ToJsonString());
        (await again.Client.GetAsync($"{KmtApi.Knowledge}/{item.Str("id")}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        var search = (await again.Client.PostAsync($"{KmtApi.Knowledge}/search", new { query = "zanzibarian" })).Expect(HttpStatusCode.OK);
        Assert.Empty(search.Data.AsArray());
    }
}
