using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Kmt.Azure.Realtime;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Realtime;
using Microsoft.Extensions.Options;

namespace Kmt.Azure.Tests.Realtime;

/// <summary>The Web PubSub REST requests, pinned on a recording transport: path, api-version, query, auth, body.</summary>
public sealed class WebPubSubRealtimeTests
{
    private readonly FakeTokenCredential _credential = new("managed-identity-token");

    [Fact]
    public async Task Publish_posts_the_message_to_the_users_send_endpoint_with_the_managed_identity_token()
    {
        var transport = new RecordingTransport(_ => (202, ""));
        var realtime = Create(transport);
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        await realtime.PublishAsync("user/1 é", new RealtimeMessage("upload_status", "uploads", new { UploadId = "u1", Status = "completed" }, at), CancellationToken.None);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://kmt-test.webpubsub.azure.com/api/hubs/kmt/users/user%2F1%20%C3%A9/:send?api-version=2024-01-01", request.Uri);
        Assert.Equal("Bearer managed-identity-token", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("upload_status", body["type"]!.GetValue<string>());
        Assert.Equal("uploads", body["channel"]!.GetValue<string>());
        Assert.Equal("u1", body["data"]!["upload_id"]!.GetValue<string>());
        Assert.Equal("2026-12-03T10:00:00.000Z", body["at"]!.GetValue<string>());
        Assert.Equal(WebPubSubOptions.TokenScope, Assert.Single(_credential.Scopes.Distinct(new ScopeComparer()))[0]);
    }

    [Fact]
    public async Task Negotiate_asks_for_a_client_token_for_the_user_and_builds_the_client_url()
    {
        var transport = new RecordingTransport(_ => (200, "{\"token\":\"client.jwt.token\"}"));
        var realtime = Create(transport);

        var info = await realtime.NegotiateAsync("user-42", new Uri("https://ignored.example"), CancellationToken.None);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://kmt-test.webpubsub.azure.com/api/hubs/kmt/:generateToken?api-version=2024-01-01&userId=user-42&minutesToExpire=10", request.Uri);
        Assert.Equal("Bearer managed-identity-token", request.Authorization);
        Assert.Equal("wss://kmt-test.webpubsub.azure.com/client/hubs/kmt?access_token=client.jwt.token", info.Url);
        Assert.Equal("client.jwt.token", info.AccessToken);
        Assert.Equal(600, info.ExpiresInSeconds);
    }

    [Theory]
    [InlineData(403, "")]
    [InlineData(200, "{}")]
    public async Task Negotiate_fails_loudly_on_an_error_or_a_missing_token(int status, string body)
    {
        var realtime = Create(new RecordingTransport(_ => (status, body)));
        await Assert.ThrowsAsync<RequestFailedException>(() => realtime.NegotiateAsync("u", new Uri("https://x"), CancellationToken.None));
    }

    [Fact]
    public async Task Publish_fails_on_a_refused_send()
    {
        var realtime = Create(new RecordingTransport(_ => (401, "")));
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            realtime.PublishAsync("u", new RealtimeMessage("notification", "notifications", new { }, DateTimeOffset.UnixEpoch), CancellationToken.None));
    }

    [Fact]
    public void A_plain_http_endpoint_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new WebPubSubRealtime(
            Options.Create(new WebPubSubOptions { Endpoint = "http://kmt-test.webpubsub.azure.com" }), Options.Create(new RealtimeOptions()), _credential));
    }

    private WebPubSubRealtime Create(RecordingTransport transport) => new(
        Options.Create(new WebPubSubOptions { Endpoint = "https://kmt-test.webpubsub.azure.com/" }),
        Options.Create(new RealtimeOptions { TokenLifetime = TimeSpan.FromMinutes(10) }),
        _credential,
        transport);

    private sealed class ScopeComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(string[] obj) => string.Join(" ", obj).GetHashCode(StringComparison.Ordinal);
    }

    private sealed record Recorded(string Method, string Uri, string? Authorization, string? ContentType, string Body);

    /// <summary>An HttpPipelineTransport answering from a function and recording what was sent.</summary>
    private sealed class RecordingTransport(Func<Request, (int Status, string Body)> answer) : HttpPipelineTransport
    {
        public List<Recorded> Requests { get; } = [];

        public override Request CreateRequest() => new HttpClientTransport().CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            var request = message.Request;
            var body = "";
            if (request.Content is not null)
            {
                using var stream = new MemoryStream();
                await request.Content.WriteToAsync(stream, CancellationToken.None);
                body = Encoding.UTF8.GetString(stream.ToArray());
            }

            request.Headers.TryGetValue("Authorization", out var authorization);
            request.Headers.TryGetValue("Content-Type", out var contentType);
            Requests.Add(new Recorded(request.Method.Method, request.Uri.ToUri().AbsoluteUri, authorization, contentType, body));
            var (status, text) = answer(request);
            message.Response = new FakeResponse(status, text);
        }
    }

    private sealed class FakeResponse(int status, string body) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => "";

        public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(body));

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
