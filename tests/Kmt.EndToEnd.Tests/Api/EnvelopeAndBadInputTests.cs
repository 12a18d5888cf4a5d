using System.Net;
using System.Text;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>Every way a request can be malformed answers in the error envelope, and loses nothing.</summary>
[Collection(DevHostCollection.Name)]
public sealed class EnvelopeAndBadInputTests(DevHostFixture host)
{
    [Fact]
    public async Task Success_has_the_envelope_and_the_request_id_header_matches_meta()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);

        Assert.True(response.Json!["success"]!.GetValue<bool>());
        var meta = response.Json["meta"]!;
        Assert.Equal("v1", meta["version"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(meta["timestamp"]!.GetValue<string>(), out _));
        Assert.StartsWith("req_", meta["request_id"]!.GetValue<string>());
        Assert.Equal(meta["request_id"]!.GetValue<string>(), response.Header("X-Request-Id"));
        Assert.StartsWith("application/json", response.ContentHeaders.ContentType!.ToString());
    }

    [Fact]
    public async Task A_plain_client_request_id_is_echoed()
    {
        var response = await host.CreateClient().GetAsync("api/health", new Dictionary<string, string> { ["X-Request-Id"] = "mobile-42.a" });
        Assert.Equal("mobile-42.a", response.Header("X-Request-Id"));
        Assert.Equal("mobile-42.a", response.Json!["meta"]!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_is_a_validation_error()
    {
        var user = await host.RegisterAsync();
        var response = (await user.Client.PostAsync("api/v1/knowledge", "{\"title\": \"unterminated")).Expect(HttpStatusCode.BadRequest);
        AssertError(response, "VALIDATION_ERROR");
        await AssertNoItems(user);
    }

    [Fact]
    public async Task Wrong_content_type_is_unsupported_media_type()
    {
        var user = await host.RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/knowledge")
        {
            Content = new StringContent("title=hello", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        var response = (await user.Client.SendRawAsync(request)).Expect(HttpStatusCode.UnsupportedMediaType);
        AssertError(response, "UNSUPPORTED_MEDIA_TYPE");
        await AssertNoItems(user);
    }

    [Fact]
    public async Task Oversized_body_is_payload_too_large()
    {
        var user = await host.RegisterAsync();
        var huge = new string('a', 1024 * 1024 + 10);
        var response = (await user.Client.PostAsync("api/v1/knowledge", new { title = "big", content = huge })).Expect(HttpStatusCode.RequestEntityTooLarge);
        AssertError(response, "PAYLOAD_TOO_LARGE");
        await AssertNoItems(user);
    }

    [Fact]
    public async Task Unknown_fields_and_wrong_types_name_the_field()
    {
        var user = await host.RegisterAsync();
        var unknown = (await user.Client.PostAsync("api/v1/knowledge", new { title = "t", titel = "typo" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("titel", unknown.Json!["error"]!["details"]!["field"]!.GetValue<string>());

        var wrongType = (await user.Client.PostAsync("api/v1/knowledge", new { title = 42 })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("title", wrongType.Json!["error"]!["details"]!["field"]!.GetValue<string>());
        await AssertNoItems(user);
    }

    [Fact]
    public async Task Empty_and_null_bodies_are_validation_errors()
    {
        var user = await host.RegisterAsync();
        AssertError((await user.Client.PostAsync("api/v1/knowledge", "")).Expect(HttpStatusCode.BadRequest), "VALIDATION_ERROR");
        AssertError((await user.Client.PostAsync("api/v1/knowledge", "null")).Expect(HttpStatusCode.BadRequest), "VALIDATION_ERROR");
        AssertError((await user.Client.PostAsync("api/v1/knowledge", "[1,2]")).Expect(HttpStatusCode.BadRequest), "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Missing_or_bad_token_is_unauthorized_with_a_bearer_challenge()
    {
        var anonymous = host.CreateClient();
        var missing = (await anonymous.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.Unauthorized);
        AssertError(missing, "UNAUTHORIZED");
        Assert.Equal("Bearer", missing.Header("WWW-Authenticate"));

        anonymous.AccessToken = "not-a-jwt";
        AssertError((await anonymous.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.Unauthorized), "UNAUTHORIZED");
    }

    [Fact]
    public async Task Health_reports_the_store_it_runs_on()
    {
        var response = (await host.CreateClient().GetAsync("api/health")).Expect(HttpStatusCode.OK);
        Assert.Equal("healthy", response.Data["status"]!.GetValue<string>());
        // The embedded store by default; Cosmos DB on the emulated Azure stack (KMT_E2E_STACK).
        Assert.Equal(E2EStack.IsEmulatedAzure ? "cosmos-nosql" : "embedded-sqlite", response.Data["store"]!["kind"]!.GetValue<string>());
    }

    internal static void AssertError(ApiResponse response, string code)
    {
        Assert.False(response.Json!["success"]!.GetValue<bool>());
        Assert.Equal(code, response.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(response.Json["error"]!["message"]!.GetValue<string>()));
        Assert.NotNull(response.Json["meta"]!["request_id"]);
        Assert.DoesNotContain("   at ", response.Text, StringComparison.Ordinal); // no stack trace
    }

    private static async Task AssertNoItems(SignedInUser user)
    {
        var list = (await user.Client.GetAsync("api/v1/knowledge")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, list.Json!["pagination"]!["total"]!.GetValue<long>());
    }
}
