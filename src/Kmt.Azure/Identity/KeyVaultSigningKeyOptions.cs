namespace Kmt.Azure.Identity;

/// <summary>
/// Settings of the Key Vault signing-key source (section Kmt:Auth:KeyVault; docs/deployment.md,
/// "Rotating the signing key").
/// </summary>
public sealed class KeyVaultSigningKeyOptions
{
    public const string Section = "Kmt:Auth:KeyVault";

    /// <summary>The vault, e.g. https://kmt-kv-abc.vault.azure.net/.</summary>
    public string? VaultUri { get; set; }

    /// <summary>The secret whose versions are the signing keys (PEM); its newest enabled version signs.</summary>
    public string SecretName { get; set; } = "kmt-signing-key";

    /// <summary>The user-assigned managed identity to use; empty for DefaultAzureCredential's choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>At most this many older versions are read as verification keys (newest first).</summary>
    public int MaxPreviousVersions { get; set; } = 5;
}
