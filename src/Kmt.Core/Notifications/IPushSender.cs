namespace Kmt.Core.Notifications;

/// <summary>Delivers one Web Push message to one subscription (Lib.Net.Http.WebPush with VAPID in the app).</summary>
public interface IPushSender
{
    /// <summary>The app's VAPID public key (base64url), which a browser subscribes with (applicationServerKey).</summary>
    string PublicKey { get; }

    /// <summary>Sends <paramref name="payloadJson"/>; <see cref="PushOutcome.Gone"/> when the push service says the subscription no longer exists (404/410).</summary>
    Task<PushOutcome> SendAsync(PushSubscription subscription, string payloadJson, CancellationToken cancellationToken);
}
