using Azure.Core;

namespace Kmt.Storage.Gremlin.Connections;

/// <summary>
/// Where the SASL password comes from: an Entra ID access token for https://cosmos.azure.com/.default
/// (Gremlin's native RBAC, the same audience as Cosmos DB's data plane), or the account key. Tokens are asked
/// of the TokenCredential at every connect: the credential caches and refreshes them, KMT keeps no token cache.
/// </summary>
internal sealed class GremlinSecretSource
{
    internal static readonly string[] Scopes = ["https://cosmos.azure.com/.default"];

    private readonly GremlinOptions _options;
    private readonly TokenCredential? _credential;

    public GremlinSecretSource(GremlinOptions options, TokenCredential? credential)
    {
        _options = options;
        _credential = credential;
        if (options.AuthMode == GremlinAuthMode.Key && string.IsNullOrEmpty(options.Key))
        {
            throw new InvalidOperationException($"{GremlinOptions.Section}:AuthMode is Key but {GremlinOptions.Section}:Key is empty (set it with a Key Vault reference).");
        }

        if (options.AuthMode == GremlinAuthMode.Entra && credential is null)
        {
            throw new InvalidOperationException($"{GremlinOptions.Section}:AuthMode is Entra but no TokenCredential was given.");
        }
    }

    public async ValueTask<GremlinSecret> GetAsync(CancellationToken cancellationToken)
    {
        if (_options.AuthMode == GremlinAuthMode.Key)
        {
            return new GremlinSecret(_options.Key!, null);
        }

        var token = await _credential!.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken).ConfigureAwait(false);
        return new GremlinSecret(token.Token, token.ExpiresOn);
    }
}
