namespace Kmt.Storage.Gremlin;

/// <summary>How the client proves itself in the SASL PLAIN exchange.</summary>
public enum GremlinAuthMode
{
    /// <summary>A Microsoft Entra ID access token for https://cosmos.azure.com/.default (Gremlin's native RBAC); the default.</summary>
    Entra,

    /// <summary>The account key (from Key Vault through a Key Vault reference): the fallback.</summary>
    Key,
}
