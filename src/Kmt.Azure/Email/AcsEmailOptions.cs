namespace Kmt.Azure.Email;

/// <summary>
/// Configuration section "Kmt:Mail:Acs": Azure Communication Services Email, used when
/// Kmt:Mail:Provider = AzureCommunicationServices (docs/design/person-view.md, "Notifications").
/// </summary>
public sealed class AcsEmailOptions
{
    public const string Section = "Kmt:Mail:Acs";

    /// <summary>Entra ID scope of the Communication Services data plane.</summary>
    public const string TokenScope = "https://communication.azure.com/.default";

    /// <summary>The resource's endpoint, https://{name}.communication.azure.com.</summary>
    public string? Endpoint { get; set; }

    /// <summary>A sender address of a domain connected to the resource (DoNotReply@{domain}).</summary>
    public string? SenderAddress { get; set; }

    /// <summary>Client id of the user-assigned managed identity; the default credential chain when unset.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>Polling interval of the send operation when the service sends no Retry-After.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a send may take, operation included.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
