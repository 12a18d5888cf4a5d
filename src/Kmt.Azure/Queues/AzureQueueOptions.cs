namespace Kmt.Azure.Queues;

/// <summary>
/// Section "Kmt:Queues", used when Kmt:Queues:Provider = Azure: the storage account whose queues carry
/// queue-triggered work (docs/design/hosting.md, "Queues"). The queue-triggered functions read the same
/// account through their own connection setting (WorkQueueStorage__queueServiceUri in Azure).
/// </summary>
public sealed class AzureQueueOptions
{
    public const string Section = "Kmt:Queues";

    /// <summary>The account's queue endpoint ("https://{account}.queue.core.windows.net"); managed identity.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A connection string with an account key: local emulators (Azurite) only.</summary>
    public string? ConnectionString { get; set; }
}
