namespace Kmt.Azure.Realtime;

/// <summary>Azure Web PubSub settings (Kmt:WebPubSub), used when Kmt:Realtime:Provider = WebPubSub.</summary>
public sealed class WebPubSubOptions
{
    public const string Section = "Kmt:WebPubSub";

    /// <summary>The Entra ID scope of Web PubSub's data-plane REST API.</summary>
    public const string TokenScope = "https://webpubsub.azure.com/.default";

    /// <summary>The service endpoint, https://{name}.webpubsub.azure.com.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The hub every KMT client connects to.</summary>
    public string Hub { get; set; } = "kmt";

    /// <summary>The data-plane REST API version.</summary>
    public string ApiVersion { get; set; } = "2024-01-01";

    /// <summary>The user-assigned managed identity's client id; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}
