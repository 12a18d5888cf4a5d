using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Kmt.Core.Accounts;

namespace Kmt.Azure.Email;

/// <summary>
/// <see cref="IMailSender"/> on Azure Communication Services Email's REST API (POST
/// {endpoint}/emails:send?api-version=2023-03-31) over an Azure.Core <see cref="HttpPipeline"/>: Entra ID
/// through <see cref="BearerTokenAuthenticationPolicy"/> (scope https://communication.azure.com/.default),
/// Azure.Core's retries. The send is a long-running operation, awaited as an Azure.Core
/// <see cref="Operation{T}"/> (<see cref="AcsSendOperation"/>). The mail's id is sent as Operation-Id,
/// so a retried request is the same operation to the service, not a second mail.
/// </summary>
public sealed class AcsEmailSender : IMailSender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpPipeline _pipeline;
    private readonly AcsEmailOptions _options;
    private readonly Uri _endpoint;

    public AcsEmailSender(AcsEmailOptions options, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        if (!Uri.TryCreate(options.Endpoint?.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{AcsEmailOptions.Section}:Endpoint must be the resource's https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.SenderAddress))
        {
            throw new InvalidOperationException($"{AcsEmailOptions.Section}:SenderAddress is required.");
        }

        var clientOptions = new AcsEmailClientOptions();
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(clientOptions, [], [new BearerTokenAuthenticationPolicy(credential, AcsEmailOptions.TokenScope)], new ResponseClassifier());
        _options = options;
        _endpoint = endpoint;
    }

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SendTimeout);
        var body = new
        {
            senderAddress = _options.SenderAddress,
            recipients = new { to = new[] { new { address = mail.To } } },
            content = new { subject = mail.Subject, plainText = mail.Body },
        };
        using var request = _pipeline.CreateRequest();
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri(_endpoint, $"./emails:send?api-version={Uri.EscapeDataString(_options.ApiVersion)}"));
        request.Headers.Add("Content-Type", "application/json");
        request.Headers.Add("Operation-Id", mail.Id);
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, Json));
        var response = await _pipeline.SendRequestAsync(request, timeout.Token).ConfigureAwait(false);
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        var operation = new AcsSendOperation(this, OperationLocation(response, mail.Id), response);
        await operation.WaitForCompletionResponseAsync(_options.PollInterval, timeout.Token).ConfigureAwait(false);
    }

    internal async Task<(Response Response, AcsSendStatus Status)> GetStatusAsync(Uri location, CancellationToken cancellationToken)
    {
        using var request = _pipeline.CreateRequest();
        request.Method = RequestMethod.Get;
        request.Uri.Reset(location);
        var response = await _pipeline.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsError)
        {
            throw new RequestFailedException(response);
        }

        return (response, JsonSerializer.Deserialize<AcsSendStatus>(response.Content.ToMemory().Span, Json) ?? new AcsSendStatus());
    }

    /// <summary>The Operation-Location the service answers, only when it is on the configured endpoint (the token goes nowhere else).</summary>
    private Uri OperationLocation(Response response, string operationId)
    {
        if (response.Headers.TryGetValue("Operation-Location", out var header) && Uri.TryCreate(header, UriKind.Absolute, out var location)
            && string.Equals(location.Authority, _endpoint.Authority, StringComparison.OrdinalIgnoreCase) && location.Scheme == _endpoint.Scheme)
        {
            return location;
        }

        return new Uri(_endpoint, $"emails/operations/{Uri.EscapeDataString(operationId)}?api-version={Uri.EscapeDataString(_options.ApiVersion)}");
    }
}
