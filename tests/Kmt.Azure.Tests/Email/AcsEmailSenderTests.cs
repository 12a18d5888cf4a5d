using System.Text.Json;
using RequestFailedException = Azure.RequestFailedException;
using Azure.Core.Pipeline;
using Kmt.Azure.Email;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Accounts;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Kmt.Azure.Tests.Email;

/// <summary>
/// The ACS Email sender against an in-process HTTPS server answering like Communication Services:
/// the request it sends (path, api-version, bearer token and scope, Operation-Id, JSON body) and how it
/// follows the long-running operation to its end.
/// </summary>
public sealed class AcsEmailSenderTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings
    {
        UseSSL = true,
        CertificateSettings = new WireMock.Settings.WireMockCertificateSettings { X509Certificate = LoopbackCertificate.Value },
    });
    private readonly FakeTokenCredential _credential = new();

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Sends_the_documented_request_and_polls_the_operation_until_it_succeeds()
    {
        var mail = new OutgoingMail("user-1", "ada@example.org", "KMT: 2 new insights", "Hello Ada,\n- one\n- two", DateTimeOffset.UnixEpoch);
        GivenAccepted(mail.Id);
        _server.Given(Request.Create().WithPath($"/emails/operations/{mail.Id}").UsingGet()).InScenario("send").WillSetStateTo("done")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$"""{"id":"{{mail.Id}}","status":"Running"}"""));
        _server.Given(Request.Create().WithPath($"/emails/operations/{mail.Id}").UsingGet()).InScenario("send").WhenStateIs("done")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$"""{"id":"{{mail.Id}}","status":"Succeeded"}"""));

        await Sender().SendAsync(mail, CancellationToken.None);

        var requests = _server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => e.RequestMessage).ToList();
        var send = requests[0];
        Assert.Equal("POST", send.Method);
        Assert.Equal("/emails:send", send.Path);
        Assert.Equal("2023-03-31", send.Query!["api-version"].Single());
        Assert.Equal("Bearer fake-entra-token", send.Headers!["Authorization"].Single());
        Assert.Equal(mail.Id, send.Headers["Operation-Id"].Single());
        Assert.Equal(["https://communication.azure.com/.default"], _credential.Scopes[0]);
        using var body = JsonDocument.Parse(send.Body!);
        Assert.Equal("DoNotReply@kmt.example.org", body.RootElement.GetProperty("senderAddress").GetString());
        Assert.Equal("ada@example.org", body.RootElement.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal(mail.Subject, body.RootElement.GetProperty("content").GetProperty("subject").GetString());
        Assert.Equal(mail.Body, body.RootElement.GetProperty("content").GetProperty("plainText").GetString());
        Assert.Equal(3, requests.Count);
        Assert.All(requests.Skip(1), r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task A_failed_operation_is_an_error_with_the_services_reason()
    {
        var mail = new OutgoingMail("user-1", "ada@example.org", "s", "b", DateTimeOffset.UnixEpoch);
        GivenAccepted(mail.Id);
        _server.Given(Request.Create().WithPath($"/emails/operations/{mail.Id}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$$"""{"id":"{{{mail.Id}}}","status":"Failed","error":{"code":"InvalidRecipient"}}"""));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => Sender().SendAsync(mail, CancellationToken.None));

        Assert.Contains("InvalidRecipient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_send_is_an_error_and_no_operation_is_polled()
    {
        var mail = new OutgoingMail("user-1", "ada@example.org", "s", "b", DateTimeOffset.UnixEpoch);
        _server.Given(Request.Create().WithPath("/emails:send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"error":{"code":"BadRequest","message":"senderAddress is not verified"}}"""));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => Sender().SendAsync(mail, CancellationToken.None));

        Assert.Equal(400, ex.Status);
        Assert.Single(_server.LogEntries);
    }

    private void GivenAccepted(string operationId) =>
        _server.Given(Request.Create().WithPath("/emails:send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202)
                .WithHeader("Operation-Location", $"{_server.Url}/emails/operations/{operationId}?api-version=2023-03-31")
                .WithBody($$"""{"id":"{{operationId}}","status":"Running"}"""));

    private AcsEmailSender Sender()
    {
        var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        var options = new AcsEmailOptions { Endpoint = _server.Url, SenderAddress = "DoNotReply@kmt.example.org", PollInterval = TimeSpan.FromMilliseconds(10) };
        return new AcsEmailSender(options, _credential, new HttpClientTransport(http));
    }
}
