namespace Kmt.Azure.Blobs;

/// <summary>
/// Configuration section "Kmt:Blobs". Set <see cref="ServiceUri"/> in Azure (managed identity) or
/// <see cref="ConnectionString"/> for a local emulator (Azurite); with neither, the embedded local
/// folder stays the blob store.
/// </summary>
public sealed class AzureBlobOptions
{
    public const string Section = "Kmt:Blobs";

    /// <summary>The account's blob endpoint ("https://{account}.blob.core.windows.net"); authenticates with DefaultAzureCredential.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A connection string with an account key. Local emulators only: production uses <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>True when either setting is present, i.e. Azure Blob Storage replaces the local folder.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceUri) || !string.IsNullOrWhiteSpace(ConnectionString);
}
