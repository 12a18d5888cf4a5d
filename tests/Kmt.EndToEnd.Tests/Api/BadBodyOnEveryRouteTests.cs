using System.Net;
using System.Text;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>Every route that reads a body answers malformed JSON, a wrong content type and an oversized body in the envelope.</summary>
[Collection(DevHostCollection.Name)]
public sealed class BadBodyOnEveryRouteTests(DevHostFixture host)
{
    public static TheoryData<string, string> BodyRoutes() => new()
    {
        { "POST", "api/v1/auth/register" },
        { "POST", "api/v1/auth/login" },
        { "POST", "api/v1/auth/refresh" },
        { "POST", "api/v1/auth/logout" },
        { "POST", "api/v1/auth/forgot-password" },
        { "POST", "api/v1/auth/reset-password" },
        { "PUT", "api/v1/users/profile" },
        { "PUT", "api/v1/users/preferences" },
        { "DELETE", "api/v1/users/account" },
        { "POST", "api/v1/knowledge" },
        { "PUT", "api/v1/knowledge/{item}" },
        { "POST", "api/v1/knowledge/search" },
        { "POST", "api/v1/tags" },
        { "PUT", "api/v1/tags/{tag}" },
        { "POST", "api/v1/analytics/track" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Malformed_json_is_a_validation_error(string method, string route)
    {
        var (user, path, headers) = await ArrangeAsync(route);
        var response = await user.Client.SendAsync(new HttpMethod(method), path, "{\"a\": [1, 2", headers);
        EnvelopeAndBadInputTests.AssertError(response.Expect(HttpStatusCode.BadRequest), "VALIDATION_ERROR");
        await AssertUnchangedAsync(user);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task A_non_json_content_type_is_unsupported_media_type(string method, string route)
    {
        var (user, path, headers) = await ArrangeAsync(route);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("{\"title\": \"x\"}", Encoding.UTF8, "text/plain"),
        };
        var response = await user.Client.SendRawAsync(request, headers);
        EnvelopeAndBadInputTests.AssertError(response.Expect(HttpStatusCode.UnsupportedMediaType), "UNSUPPORTED_MEDIA_TYPE");
        await AssertUnchangedAsync(user);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task An_oversized_body_is_payload_too_large(string method, string route)
    {
        var (user, path, headers) = await ArrangeAsync(route);
        var huge = "{\"padding\": \"" + new string('p', 1024 * 1024 + 1) + "\"}";
        var response = await user.Client.SendAsync(new HttpMethod(method), path, huge, headers);
        EnvelopeAndBadInputTests.AssertError(response.Expect(HttpStatusCode.RequestEntityTooLarge), "PAYLOAD_TOO_LARGE");
        Assert.Equal(1024 * 1024, response.Json!["error"]!["details"]!["max_bytes"]!.GetValue<long>());
        await AssertUnchangedAsync(user);
    }

    [Fact]
    public async Task An_oversized_body_without_a_content_length_is_also_refused()
    {
        var user = await host.RegisterAsync();
        var huge = Encoding.UTF8.GetBytes("{\"title\": \"" + new string('p', 1024 * 1024 + 1) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, KmtApi.Knowledge)
        {
            Content = new StreamContent(new UnseekableStream(huge)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        var response = await user.Client.SendRawAsync(request);
        EnvelopeAndBadInputTests.AssertError(response.Expect(HttpStatusCode.RequestEntityTooLarge), "PAYLOAD_TOO_LARGE");
        Assert.Empty(await user.ListIdsAsync());
    }

    [Fact]
    public async Task Json_with_a_charset_and_a_plus_json_type_is_accepted()
    {
        var user = await host.RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, KmtApi.Knowledge)
        {
            Content = new StringContent("{\"title\": \"vendor json\"}", Encoding.UTF8, "application/vnd.kmt+json"),
        };
        (await user.Client.SendRawAsync(request)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_do_not_leak_a_server_error()
    {
        var user = await host.RegisterAsync();
        var unknown = await user.Client.GetAsync("api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var wrongMethod = await user.Client.SendAsync(HttpMethod.Patch, KmtApi.Knowledge, new { title = "x" });
        Assert.True(wrongMethod.Status is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, wrongMethod.ToString());
        Assert.Empty(await user.ListIdsAsync());
    }

    private async Task<(SignedInUser User, string Path, Dictionary<string, string>? Headers)> ArrangeAsync(string route)
    {
        var user = await host.RegisterAsync();
        if (route.Contains("{item}", StringComparison.Ordinal))
        {
            var item = await user.CreateItemAsync("Before", "unchanged");
            return (user, route.Replace("{item}", item.Str("id"), StringComparison.Ordinal), KmtApi.IfMatch(item.Str("etag")));
        }

        if (route.Contains("{tag}", StringComparison.Ordinal))
        {
            var tag = await user.CreateTagAsync("before");
            return (user, route.Replace("{tag}", tag.Str("id"), StringComparison.Ordinal), KmtApi.IfMatch(tag.Str("etag")));
        }

        return (user, route, null);
    }

    /// <summary>The user's account, items and tags are as <see cref="ArrangeAsync"/> left them.</summary>
    private async Task AssertUnchangedAsync(SignedInUser user)
    {
        (await user.Client.GetAsync("api/v1/users/profile")).Expect(HttpStatusCode.OK);
        Assert.Equal("{}", (await user.Client.GetAsync("api/v1/users/preferences")).Data.ToJsonString());
        var items = (await user.Client.GetAsync($"{KmtApi.Knowledge}?per_page=100")).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.All(items, i => Assert.Equal("Before", i!.Str("title")));
        var tags = (await user.Client.GetAsync(KmtApi.Tags)).Expect(HttpStatusCode.OK).Data.AsArray();
        Assert.All(tags, t => Assert.Equal("before", t!.Str("name")));
        (await host.LoginAsync(user.Email, user.Password)).Expect(HttpStatusCode.OK);
    }

    /// <summary>Forces chunked transfer: HttpClient cannot compute a Content-Length for it.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
