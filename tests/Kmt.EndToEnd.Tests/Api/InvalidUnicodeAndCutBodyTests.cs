using System.Net;
using System.Net.Sockets;
using System.Text;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>
/// Bodies that are valid JSON but not valid Unicode, and bodies the client cut short, are the client's
/// errors: 400 in the envelope, nothing stored, and no Error in the server's log (docs/api.md, "Errors").
/// </summary>
public sealed class InvalidUnicodeAndCutBodyTests(LogCapturingHostFixture host) : IClassFixture<LogCapturingHostFixture>
{
    private const string LoneSurrogate = "\\ud800x";

    [Fact]
    public async Task A_lone_surrogate_in_preferences_is_a_400_and_the_stored_preferences_stay()
    {
        var user = await host.RegisterAsync();
        (await user.Client.PutAsync("api/v1/users/preferences", new { theme = "dark" })).Expect(HttpStatusCode.OK);

        var response = await user.Client.PutAsync("api/v1/users/preferences", $$"""{"theme": "{{LoneSurrogate}}"}""");

        response.ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("theme", response.ErrorField());
        var stored = (await user.Client.GetAsync("api/v1/users/preferences")).Expect(HttpStatusCode.OK);
        Assert.Equal("dark", stored.Data["theme"]!.GetValue<string>());
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_property_name_of_metadata_is_a_400()
    {
        var user = await host.RegisterAsync();
        var response = await user.Client.PostAsync(KmtApi.Knowledge, $$$"""{"title": "ok", "metadata": {"{{{LoneSurrogate}}}": 1}}""");

        response.ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Empty(await user.ListIdsAsync());
    }

    [Fact]
    public async Task A_lone_surrogate_in_metadata_or_title_is_a_400_and_nothing_is_created()
    {
        var user = await host.RegisterAsync();
        var inMetadata = await user.Client.PostAsync(KmtApi.Knowledge, $$$"""{"title": "ok", "metadata": {"source": "{{{LoneSurrogate}}}"}}""");
        var inTitle = await user.Client.PostAsync(KmtApi.Knowledge, $$"""{"title": "{{LoneSurrogate}}"}""");
        var lowAlone = await user.Client.PostAsync(KmtApi.Knowledge, """{"title": "a\udc00"}""");

        Assert.Equal("metadata.source", inMetadata.ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR").ErrorField());
        Assert.Equal("title", inTitle.ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR").ErrorField());
        Assert.Equal("title", lowAlone.ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR").ErrorField());
        Assert.Empty(await user.ListIdsAsync());
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_proper_surrogate_pair_is_accepted()
    {
        var user = await host.RegisterAsync();
        var created = (await user.Client.PostAsync(KmtApi.Knowledge, """{"title": "clef \ud834\udd1e"}""")).Expect(HttpStatusCode.Created);
        Assert.Equal("clef \U0001D11E", created.Data.Str("title"));
    }

    [Fact]
    public async Task Invalid_utf8_bytes_in_a_string_are_a_400()
    {
        var user = await host.RegisterAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"title\": \"bad X\"}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        using var request = new HttpRequestMessage(HttpMethod.Post, KmtApi.Knowledge) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");

        (await user.Client.SendRawAsync(request)).ExpectError(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Empty(await user.ListIdsAsync());
    }

    [Fact]
    public async Task A_body_cut_short_by_the_client_is_logged_as_a_client_error_and_the_server_goes_on()
    {
        var user = await host.RegisterAsync();
        const string partial = "{\"title\": \"half";
        using (var socket = await ConnectAsync())
        {
            // Content-Length promises more than is sent, then the phone loses its connection.
            await socket.SendAsync(Encoding.ASCII.GetBytes(Head(user, $"Content-Length: {partial.Length + 100}") + partial));
            socket.Close();
        }

        await WaitForAsync(() => host.Logs.Any(l => l.Message.Contains("incomplete request", StringComparison.Ordinal)));
        Assert.Empty(await user.ListIdsAsync());
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_body_that_breaks_off_mid_request_is_answered_400_in_the_envelope()
    {
        // Kestrel closes a half-closed connection without answering, so a broken chunk (the body ends
        // in the middle of a read while the connection stays open) shows the answer the client gets.
        var user = await host.RegisterAsync();
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(Head(user, "Transfer-Encoding: chunked") + "5\r\n{\"tit\r\nzz\r\n"));

        var answer = await ReadToEndAsync(socket);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"VALIDATION_ERROR\"", answer, StringComparison.Ordinal);
        Assert.Empty(await user.ListIdsAsync());
        AssertNoErrorLogged();
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        return socket;
    }

    private string Head(SignedInUser user, string framing) =>
        $"POST /{KmtApi.Knowledge} HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nAuthorization: Bearer {user.AccessToken}\r\n"
        + $"Content-Type: application/json\r\n{framing}\r\n\r\n";

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private void AssertNoErrorLogged()
    {
        var errors = host.Logs.Where(l => l.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
    }
}
