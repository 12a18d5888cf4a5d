using System.Net;
using Kmt.Core.Notifications;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using PushSubscription = Kmt.Core.Notifications.PushSubscription;

namespace Kmt.Azure.Push;

/// <summary>
/// <see cref="IPushSender"/> with Lib.Net.Http.WebPush: the payload encrypted for the subscription's keys
/// (aes128gcm) and signed with the app's VAPID keys. A 404 or 410 from the push service means the
/// subscription is gone (RFC 8030 §7.3), reported as <see cref="PushOutcome.Gone"/>; other failures throw.
/// </summary>
public sealed class WebPushSender : IPushSender
{
    private readonly PushServiceClient _client;
    private readonly int _timeToLiveSeconds;

    public string PublicKey { get; }

    public WebPushSender(HttpClient http, WebPushOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.HasKeys)
        {
            throw new InvalidOperationException($"{WebPushOptions.Section}: VapidPublicKey and VapidPrivateKey are required.");
        }

        _client = new PushServiceClient(http)
        {
            DefaultAuthentication = new VapidAuthentication(options.VapidPublicKey, options.VapidPrivateKey) { Subject = options.Subject },
        };
        PublicKey = options.VapidPublicKey!;
        _timeToLiveSeconds = (int)Math.Clamp(options.TimeToLive.TotalSeconds, 0, int.MaxValue);
    }

    public async Task<PushOutcome> SendAsync(PushSubscription subscription, string payloadJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var target = new Lib.Net.Http.WebPush.PushSubscription { Endpoint = subscription.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, subscription.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, subscription.Auth);
        try
        {
            await _client.RequestPushMessageDeliveryAsync(target, new PushMessage(payloadJson) { TimeToLive = _timeToLiveSeconds }, cancellationToken).ConfigureAwait(false);
            return PushOutcome.Delivered;
        }
        catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return PushOutcome.Gone;
        }
    }
}
