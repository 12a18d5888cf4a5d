using System.Net;

namespace Kmt.EndToEnd.Tests.Infrastructure;

public sealed record SignedInUser(KmtClient Client, string Id, string Email, string Password, string AccessToken, string RefreshToken);

public static class Users
{
    public const string Password = "correct horse battery staple";

    /// <summary>Registers a fresh user and returns a client that sends its access token.</summary>
    public static async Task<SignedInUser> RegisterAsync(this DevHostFixture host, string? email = null)
    {
        var client = host.CreateClient();
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var response = (await client.PostAsync("api/v1/auth/register", new { email, password = Password, first_name = "Ada", last_name = "Lovelace" }))
            .Expect(HttpStatusCode.Created);
        var data = response.Data;
        client.AccessToken = data["access_token"]!.GetValue<string>();
        return new SignedInUser(client, data["user"]!["id"]!.GetValue<string>(), email, Password, client.AccessToken, data["refresh_token"]!.GetValue<string>());
    }
}
