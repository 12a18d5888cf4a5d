using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;
using Kmt.Storage.Embedded.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>GET auth/keys and a signing-key rotation without a restart, on a DevHost whose clock the test moves.</summary>
public sealed class SigningKeyTests(FakeClockHostFixture host) : IClassFixture<FakeClockHostFixture>
{
    private const string Keys = "api/v1/auth/keys";

    private static string Kid(string token) => new JsonWebToken(token).Kid;

    private async Task<List<string>> PublishedKidsAsync()
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.GetAsync(Keys);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var set = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var keys = set["keys"]!.AsArray();
        Assert.All(keys, k =>
        {
            Assert.Equal("RSA", k!["kty"]!.GetValue<string>());
            Assert.Equal("RS256", k["alg"]!.GetValue<string>());
            Assert.Null(k["d"]); // public halves only
        });
        return keys.Select(k => k!["kid"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task The_key_set_is_public_and_names_the_key_of_every_token_and_a_rotation_needs_no_restart()
    {
        var user = await host.RegisterAsync();
        var oldKid = Kid(user.AccessToken);
        Assert.Contains(oldKid, await PublishedKidsAsync());

        host.Services.GetRequiredService<EmbeddedSigningKeySource>().Rotate();
        host.Clock.Advance(TimeSpan.FromMinutes(5)); // Kmt:Auth:SigningKeyRefreshInterval

        var again = (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK).Data.Str("access_token");
        var newKid = Kid(again);
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal([newKid, oldKid], await PublishedKidsAsync());

        // The token signed before the rotation still works until it expires.
        (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
        (await host.ClientWith(again).GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
    }
}
