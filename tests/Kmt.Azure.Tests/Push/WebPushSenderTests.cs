using System.Security.Cryptography;
using Kmt.Azure.Push;
using Kmt.Core.Notifications;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Kmt.Azure.Tests.Push;

/// <summary>
/// The Web Push sender against a loopback HTTP server acting as the push service: a VAPID-signed,
/// aes128gcm-encrypted POST to the subscription's endpoint; 404/410 reported as gone; other errors thrown.
/// </summary>
public sealed class WebPushSenderTests : IDisposable
{
    private readonly WireMockServer _pushService = WireMockServer.Start();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-vapid-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _pushService.Stop();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Delivers_an_encrypted_vapid_signed_message_to_the_endpoint()
    {
        _pushService.Given(Request.Create().WithPath("/send/abc").UsingPost()).RespondWith(Response.Create().WithStatusCode(201));
        var keys = VapidKeyFile.Generate();

        var outcome = await Sender(keys).SendAsync(Subscription("/send/abc"), """{"title":"Worth revisiting"}""", CancellationToken.None);

        Assert.Equal(PushOutcome.Delivered, outcome);
        var request = Assert.Single(_pushService.LogEntries).RequestMessage;
        Assert.Equal("aes128gcm", request.Headers!["Content-Encoding"].Single());
        Assert.Equal("86400", request.Headers["TTL"].Single());
        var authorization = request.Headers["Authorization"].Single();
        Assert.StartsWith("vapid t=", authorization, StringComparison.Ordinal);
        Assert.Contains($"k={keys.PublicKey}", authorization, StringComparison.Ordinal);
        Assert.DoesNotContain("Worth revisiting", System.Text.Encoding.Latin1.GetString(request.BodyAsBytes!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task A_subscription_the_push_service_no_longer_knows_is_gone(int status)
    {
        _pushService.Given(Request.Create().WithPath("/send/old").UsingPost()).RespondWith(Response.Create().WithStatusCode(status));

        var outcome = await Sender(VapidKeyFile.Generate()).SendAsync(Subscription("/send/old"), "{}", CancellationToken.None);

        Assert.Equal(PushOutcome.Gone, outcome);
    }

    [Fact]
    public async Task Other_push_service_errors_are_thrown()
    {
        _pushService.Given(Request.Create().WithPath("/send/busy").UsingPost()).RespondWith(Response.Create().WithStatusCode(500));

        await Assert.ThrowsAnyAsync<Exception>(() => Sender(VapidKeyFile.Generate()).SendAsync(Subscription("/send/busy"), "{}", CancellationToken.None));
    }

    [Fact]
    public void Local_keys_are_created_once_and_read_back()
    {
        var first = VapidKeyFile.LoadOrCreate(_dataDirectory);
        var second = VapidKeyFile.LoadOrCreate(_dataDirectory);

        Assert.Equal(first, second);
        Assert.Equal(65, Base64UrlDecode(first.PublicKey).Length);
        Assert.Equal(32, Base64UrlDecode(first.PrivateKey).Length);
        Assert.NotEqual(first, VapidKeyFile.Generate());
    }

    private WebPushSender Sender((string PublicKey, string PrivateKey) keys) =>
        new(new HttpClient(), new WebPushOptions { VapidPublicKey = keys.PublicKey, VapidPrivateKey = keys.PrivateKey, Subject = "mailto:ops@example.org" });

    /// <summary>A browser-like subscription: a fresh P-256 key pair and 16 random auth bytes.</summary>
    private Kmt.Core.Notifications.PushSubscription Subscription(string path)
    {
        var browser = VapidKeyFile.Generate();
        return new Kmt.Core.Notifications.PushSubscription
        {
            Id = Guid.NewGuid().ToString(),
            UserId = "user-1",
            Endpoint = _pushService.Url + path,
            P256dh = browser.PublicKey,
            Auth = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
