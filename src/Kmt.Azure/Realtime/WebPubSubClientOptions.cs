using Azure.Core;

namespace Kmt.Azure.Realtime;

/// <summary>The Azure.Core client options of the Web PubSub REST calls (transport, retries).</summary>
internal sealed class WebPubSubClientOptions : ClientOptions
{
}
