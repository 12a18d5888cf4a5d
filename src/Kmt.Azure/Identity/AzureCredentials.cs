using Azure.Core;
using Azure.Identity;

namespace Kmt.Azure.Identity;

/// <summary>The one way the Azure adapters authenticate to Azure services.</summary>
public static class AzureCredentials
{
    /// <summary>
    /// DefaultAzureCredential: in Azure the managed identity (the user-assigned one whose client id is
    /// given, else the system-assigned one), locally a developer's az/VS sign-in.
    /// </summary>
    public static TokenCredential Create(string? managedIdentityClientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(managedIdentityClientId) ? null : managedIdentityClientId.Trim(),
        });
}
