using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Kmt.Azure.Language;

/// <summary>
/// The Azure AI Language REST calls on an Azure.Core <see cref="HttpPipeline"/>: Entra ID through
/// <see cref="BearerTokenAuthenticationPolicy"/> (token cached and refreshed ahead of expiry) or the
/// resource key through <see cref="KeyHeaderPolicy"/>; retries, back-off and Retry-After by
/// <see cref="LanguageRetryPolicy"/>; per-try network timeout from <see cref="AzureLanguageOptions.RequestTimeout"/>.
/// Failures surface as <see cref="AzureLanguageException"/> (see its remarks for what ingestion makes of them).
/// </summary>
internal sealed class AzureLanguageClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpPipeline _pipeline;
    private readonly AzureLanguageOptions _options;
    private readonly Uri _endpoint;

    public AzureLanguageClient(HttpClient http, AzureLanguageOptions options, TokenCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured || !Uri.TryCreate(options.Endpoint!.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException($"{AzureLanguageOptions.Section}:Endpoint must be an absolute URL.");
        }

        HttpPipelinePolicy authentication = !string.IsNullOrWhiteSpace(options.Key)
            ? new KeyHeaderPolicy("Ocp-Apim-Subscription-Key", options.Key)
            : new BearerTokenAuthenticationPolicy(
                credential ?? throw new InvalidOperationException($"Azure AI Language needs a token credential or {AzureLanguageOptions.Section}:Key."),
                AzureLanguageOptions.TokenScope);

        var clientOptions = new AzureLanguageClientOptions { Transport = new HttpClientTransport(http) };
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.RetryPolicy = new LanguageRetryPolicy(
            options.MaxRetries,
            DelayStrategy.CreateExponentialDelayStrategy(options.RetryDelay, options.MaxRetryDelay),
            options.MaxRetryAfter);
        _pipeline = HttpPipelineBuilder.Build(clientOptions, [], [authentication], new ResponseClassifier());
        _options = options;
        _endpoint = endpoint;
    }

    /// <summary>POST {endpoint}/{path}?api-version=...; the response of a 2xx, else <see cref="AzureLanguageException"/>.</summary>
    public Task<Response> PostAsync(string path, object body, string what, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, new Uri(_endpoint, $"{path}?api-version={Uri.EscapeDataString(_options.ApiVersion)}"), body, what, cancellationToken);

    public async Task<(Response Response, T Body)> PostAsync<T>(string path, object body, string what, CancellationToken cancellationToken)
    {
        var response = await PostAsync(path, body, what, cancellationToken).ConfigureAwait(false);
        return (response, Read<T>(response));
    }

    public async Task<(Response Response, T Body)> GetAsync<T>(Uri uri, string what, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, uri, null, what, cancellationToken).ConfigureAwait(false);
        return (response, Read<T>(response));
    }

    /// <summary>The operation-location of an accepted job, only when it is on the configured endpoint (the credential goes nowhere else).</summary>
    public Uri OperationLocation(Response response)
    {
        if (!response.Headers.TryGetValue("operation-location", out var header) || !Uri.TryCreate(header, UriKind.Absolute, out var location))
        {
            throw new AzureLanguageException("The summarization job was accepted without an operation-location.", response.Status);
        }

        if (!string.Equals(location.Scheme, _endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(location.Authority, _endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw new AzureLanguageException($"The operation-location {location.GetLeftPart(UriPartial.Authority)} is not on the configured endpoint.");
        }

        return location;
    }

    private async Task<Response> SendAsync(RequestMethod method, Uri uri, object? body, string what, CancellationToken cancellationToken)
    {
        // Not disposed here: the buffered response it holds is returned, and the caller disposes that.
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, Json));
        }

        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw new AzureLanguageException($"Azure AI Language could not be reached: {e.Message}", e.Status == 0 ? null : e.Status, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AzureLanguageException($"Azure AI Language did not answer within {_options.RequestTimeout.TotalSeconds:0} s.", null, e);
        }

        var response = message.Response;
        if (response.Status is >= 200 and < 300)
        {
            return response;
        }

        using (response)
        {
            if (response.Status is 429 or 503)
            {
                var wait = LanguageRetryPolicy.ServerDelay(response);
                throw new AzureLanguageException(
                    $"Azure AI Language is throttling (HTTP {response.Status}){(wait is { } w ? $"; retry after {w.TotalSeconds:0.#} s" : "")}.", response.Status);
            }

            throw new AzureLanguageException(
                $"Azure AI Language rejected {what} with HTTP {response.Status}. {Detail(response)}".TrimEnd(), response.Status);
        }
    }

    private static string Detail(Response response)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorResponse>(response.Content.ToMemory().Span, Json)?.Error is { } e ? $"{e.Code}: {e.Message}" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static T Read<T>(Response response)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(response.Content.ToMemory().Span, Json)
                ?? throw new AzureLanguageException("Azure AI Language returned an empty body.", response.Status);
        }
        catch (JsonException e)
        {
            throw new AzureLanguageException("Azure AI Language returned a body KMT cannot read.", response.Status, e);
        }
    }
}
