using Azure;
using Azure.Security.KeyVault.Secrets;
using Kmt.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Kmt.Azure.Identity;

/// <summary>
/// The access-token signing keys as the versions of one Key Vault secret (docs/deployment.md,
/// "Rotating the signing key"). The secret's current version signs. An older enabled version still
/// verifies while a token it signed can be alive: until <see cref="AuthOptions.AccessTokenLifetime"/>
/// plus the clock skew after the version that replaced it was created. Rotating is adding a secret
/// version: every instance picks it up at its next key refresh, with no restart (an app-setting Key
/// Vault reference, by contrast, is resolved only when the app starts).
/// </summary>
/// <remarks>
/// <see cref="SigningKeyRing"/> calls <see cref="Load"/> under its lock every
/// Kmt:Auth:SigningKeyRefreshInterval and keeps the keys it has when the vault cannot be reached, so
/// the synchronous client calls here run a few times an hour per instance, never per request. The
/// client's pipeline (managed identity token, Key Vault's challenge authentication, retries) is the
/// SDK's.
/// </remarks>
public sealed class KeyVaultSigningKeySource : ISigningKeySource
{
    private readonly SecretClient _client;
    private readonly KeyVaultSigningKeyOptions _options;
    private readonly IOptionsMonitor<AuthOptions> _auth;
    private readonly TimeProvider _time;

    public KeyVaultSigningKeySource(SecretClient client, IOptions<KeyVaultSigningKeyOptions> options, IOptionsMonitor<AuthOptions> auth, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _auth = auth;
        _time = time;
    }

    public SigningKeyMaterial Load()
    {
        var current = _client.GetSecret(_options.SecretName).Value;
        if (string.IsNullOrWhiteSpace(current.Value))
        {
            throw new InvalidOperationException($"The Key Vault secret '{_options.SecretName}' holds no signing key.");
        }

        // Versions oldest first, so each one's successor (the version that replaced it) follows it.
        var versions = _client.GetPropertiesOfSecretVersions(_options.SecretName)
            .Where(v => v.CreatedOn is not null)
            .OrderBy(v => v.CreatedOn)
            .ToList();
        var keep = _auth.CurrentValue.AccessTokenLifetime + AccessTokenService.ClockSkew;
        var now = _time.GetUtcNow();
        var previous = new List<string>();
        for (var i = versions.Count - 2; i >= 0 && previous.Count < Math.Max(0, _options.MaxPreviousVersions); i--)
        {
            var version = versions[i];
            var replacedAt = versions[i + 1].CreatedOn!.Value;
            if (now - replacedAt > keep)
            {
                break; // this one and every older one were replaced long enough ago
            }

            if (version.Enabled == false || string.Equals(version.Version, current.Properties.Version, StringComparison.Ordinal))
            {
                continue; // a disabled version is revoked on purpose
            }

            try
            {
                var value = _client.GetSecret(_options.SecretName, version.Version).Value.Value;
                if (!string.IsNullOrWhiteSpace(value))
                {
                    previous.Add(value);
                }
            }
            catch (RequestFailedException e) when (e.Status is 403 or 404)
            {
                // Deleted or disabled between the listing and the read: no longer a key.
            }
        }

        return new SigningKeyMaterial(current.Value, previous);
    }
}
