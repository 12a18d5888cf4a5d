using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;
using Kmt.Tests.Identity;

namespace Kmt.EndToEnd.Tests.Identity;

/// <summary>A DevHost in Entra mode, its metadata and keys served by a stand-in for Entra ID on loopback.</summary>
public sealed class EntraHostFixture : DevHostFixture, IAsyncLifetime
{
    public EntraTestIssuer Issuer { get; private set; } = null!;

    /// <summary>A token of a fresh (or the given) Entra user, valid for an hour from now.</summary>
    public string Token(string? objectId = null, params string[] roles) =>
        Issuer.Token(new TokenSpec { Now = DateTimeOffset.UtcNow, ObjectId = objectId ?? Guid.NewGuid().ToString(), Roles = roles });

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Kmt:Auth:Mode"] = "Entra";
        settings["Kmt:Entra:TenantId"] = EntraTestIssuer.TenantId;
        settings["Kmt:Entra:ClientId"] = EntraTestIssuer.ClientId;
        settings["Kmt:Entra:MetadataAddress"] = Issuer.MetadataAddress();
        return settings;
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        Issuer = await EntraTestIssuer.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

public sealed class EntraModeTests(EntraHostFixture host) : IClassFixture<EntraHostFixture>
{
    [Fact]
    public async Task An_Entra_token_signs_in_and_the_account_is_created_on_the_first_call()
    {
        var oid = Guid.NewGuid().ToString();
        using var client = host.ClientWith(host.Token(oid));

        (await client.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK);
        var profile = (await client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal("ada@contoso.example", profile.Str("email"));
        Assert.Equal("user", profile.Str("role"));

        // A new token of the same person is the same account; app roles apply at once.
        using var again = host.ClientWith(host.Token(oid, "KMT.Premium"));
        var promoted = (await again.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK).Data;
        Assert.Equal((profile.Str("id"), "premium_user"), (promoted.Str("id"), promoted.Str("role")));
    }

    [Fact]
    public async Task Items_belong_to_their_Entra_user()
    {
        using var ada = host.ClientWith(host.Token());
        using var bob = host.ClientWith(host.Token());
        var item = (await ada.PostAsync(KmtApi.Knowledge, new { title = "Ada's note", content = "entra-only heliotrope" })).Expect(HttpStatusCode.Created).Data;

        (await ada.GetAsync($"{KmtApi.Knowledge}/{item.Str("id")}")).Expect(HttpStatusCode.OK);
        (await bob.GetAsync($"{KmtApi.Knowledge}/{item.Str("id")}")).ExpectError(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(KmtApi.Ids((await bob.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK).Data));
    }

    public static TheoryData<string, string> LocalEndpoints() => new()
    {
        { "api/v1/auth/register", """{"email":"ada@example.com","password":"correct horse battery staple"}""" },
        { "api/v1/auth/login", """{"email":"ada@example.com","password":"correct horse battery staple"}""" },
        { "api/v1/auth/refresh", """{"refresh_token":"x.y.z"}""" },
        { "api/v1/auth/forgot-password", """{"email":"ada@example.com"}""" },
        { "api/v1/auth/reset-password", """{"token":"x.y.z","password":"correct horse battery staple"}""" },
        { "api/v1/auth/email/confirm", """{"token":"x.y.z"}""" },
    };

    [Theory]
    [MemberData(nameof(LocalEndpoints))]
    public async Task Local_sign_in_endpoints_are_403(string path, string body)
    {
        using var client = host.CreateClient();

        var response = (await client.PostAsync(path, body)).ExpectError(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Equal("This KMT instance signs in with Microsoft Entra ID.", response.Json!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_Entra_user_changes_the_email_in_Entra_not_here()
    {
        using var client = host.ClientWith(host.Token());

        var response = (await client.PostAsync("api/v1/users/email", new { current_password = "whatever it is", new_email = "new@contoso.example" }))
            .ExpectError(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("Microsoft Entra ID", response.Json!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_is_a_no_op()
    {
        using var client = host.ClientWith(host.Token());

        var data = (await client.PostAsync("api/v1/auth/logout", new { refresh_token = "x.y.z" })).Expect(HttpStatusCode.OK).Data;

        Assert.True(data["logged_out"]!.GetValue<bool>());
        (await client.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_bad_one_it_is_401()
    {
        using var anonymous = host.CreateClient();
        (await anonymous.GetAsync(KmtApi.Knowledge)).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        var foreign = host.Issuer.Token(new TokenSpec { Now = DateTimeOffset.UtcNow, SigningKey = host.Issuer.UnknownKey });
        using var forged = host.ClientWith(foreign);
        (await forged.GetAsync(KmtApi.Knowledge)).ExpectError(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_Entra_user_deletes_the_account_without_a_password()
    {
        var oid = Guid.NewGuid().ToString();
        using var client = host.ClientWith(host.Token(oid));
        var first = (await client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK).Data.Str("id");
        await client.PostAsync(KmtApi.Knowledge, new { title = "gone soon" });

        (await client.DeleteAsync("api/v1/users/account", new { })).Expect(HttpStatusCode.OK);

        // The person still holds a valid Entra token: the next call starts a fresh, empty account.
        var second = (await client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK).Data.Str("id");
        Assert.NotEqual(first, second);
        Assert.Empty(KmtApi.Ids((await client.GetAsync(KmtApi.Knowledge)).Expect(HttpStatusCode.OK).Data));
    }
}
