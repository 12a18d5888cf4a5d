using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Kmt.Core.Realtime;
using Microsoft.Extensions.Options;

namespace Kmt.Azure.Realtime;

/// <summary>
/// Real-time delivery through Azure Web PubSub in serverless mode, over its data-plane REST API on an
/// Azure.Core <see cref="HttpPipeline"/> with the app's managed identity
/// (<see cref="BearerTokenAuthenticationPolicy"/>, scope <see cref="WebPubSubOptions.TokenScope"/>):
/// <list type="bullet">
/// <item>publish: POST {endpoint}/api/hubs/{hub}/users/{userId}/:send (the message text, application/json), which
/// reaches only the connections whose client token names that user;</item>
/// <item>negotiate: POST {endpoint}/api/hubs/{hub}/:generateToken?userId=...&amp;minutesToExpire=... gives the client token,
/// and the client connects to wss://{host}/client/hubs/{hub}?access_token=...</item>
/// </list>
/// The identity needs the Web PubSub Service Owner role (infra/modules/webpubsub.bicep).
/// </summary>
public sealed class WebPubSubRealtime : IRealtimePublisher, IRealtimeNegotiator
{
    private readonly HttpPipeline _pipeline;
    private readonly WebPubSubOptions _options;
    private readonly RealtimeOptions _realtime;
    private readonly Uri _endpoint;

    public WebPubSubRealtime(IOptions<WebPubSubOptions> options, IOptions<RealtimeOptions> realtime, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        _options = options.Value;
        _realtime = realtime.Value;
        if (!_options.IsConfigured || !Uri.TryCreate(_options.Endpoint!.TrimEnd('/'), UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{WebPubSubOptions.Section}:Endpoint must be an absolute https URL.");
        }

        _endpoint = endpoint;
        var clientOptions = new WebPubSubClientOptions();
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(clientOptions, [], [new BearerTokenAuthenticationPolicy(credential, WebPubSubOptions.TokenScope)], new ResponseClassifier());
    }

    public async Task PublishAsync(string userId, RealtimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        using var request = _pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Post;
        request.Request.Uri.Reset(Api($"users/{Uri.EscapeDataString(userId)}/:send", []));
        request.Request.Headers.SetValue("Content-Type", "application/json");
        request.Request.Content = RequestContent.Create(BinaryData.FromString(RealtimeMessageJson.Serialize(message)));
        await SendAsync(request, "send to user", cancellationToken).ConfigureAwait(false);
    }

    public async Task<RealtimeConnectionInfo> NegotiateAsync(string userId, Uri requestOrigin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var minutes = Math.Max(1, (int)Math.Ceiling(_realtime.TokenLifetime.TotalMinutes));
        using var request = _pipeline.CreateMessage();
        request.Request.Method = RequestMethod.Post;
        request.Request.Uri.Reset(Api(":generateToken", [("userId", userId), ("minutesToExpire", minutes.ToString(CultureInfo.InvariantCulture))]));
        var response = await SendAsync(request, "generate client token", cancellationToken).ConfigureAwait(false);
        using var body = JsonDocument.Parse(response.Content.ToMemory());
        var token = body.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new RequestFailedException(response.Status, "Web PubSub generateToken answered without a token.");
        }

        var url = $"wss://{_endpoint.Authority}/client/hubs/{Uri.EscapeDataString(_options.Hub)}?access_token={Uri.EscapeDataString(token)}";
        return new RealtimeConnectionInfo(url, token, minutes * 60);
    }

    private Uri Api(string operation, (string Name, string Value)[] query)
    {
        var text = $"{_endpoint.GetLeftPart(UriPartial.Authority)}/api/hubs/{Uri.EscapeDataString(_options.Hub)}/{operation}?api-version={Uri.EscapeDataString(_options.ApiVersion)}";
        foreach (var (name, value) in query)
        {
            text += $"&{name}={Uri.EscapeDataString(value)}";
        }

        return new Uri(text);
    }

    private async Task<Response> SendAsync(HttpMessage message, string what, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is < 200 or >= 300)
        {
            throw new RequestFailedException(response.Status, $"Web PubSub {what} failed with HTTP {response.Status}.");
        }

        return response;
    }
}
