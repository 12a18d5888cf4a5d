using Microsoft.Extensions.Configuration;

namespace Kmt.Functions.Hosting;

/// <summary>
/// Which adapter serves each group of ports, read from configuration in one place:
/// Kmt:Storage:Provider (Embedded | Cosmos), Kmt:Blobs:Provider (Local | Azure),
/// Kmt:Language:Provider (InProcess | Azure), Kmt:Queues:Provider (Embedded | Azure), Kmt:Graph:Provider
/// (Embedded | Gremlin), Kmt:SigningKeys:Provider (Local | KeyVault), Kmt:Realtime:Provider (InProcess | WebPubSub)
/// and Kmt:Mail:Provider (Store | AzureCommunicationServices). Unset means the zero-setup default (Embedded, Local, InProcess, Embedded; the graph
/// follows the storage: Embedded, or Gremlin in Cosmos mode, where nothing of SQLite runs). See
/// docs/architecture.md, "Choosing the providers".
/// </summary>
/// <remarks>
/// An adapter's settings never switch providers by themselves: a Kmt:Cosmos, Kmt:Blobs or
/// Kmt:Language endpoint (or connection string) with its provider unset stops the app at startup with
/// a message naming the provider setting, instead of silently choosing either store. (Before this
/// setting existed, the presence of those settings chose Azure; an old configuration now fails loudly
/// rather than running on an empty local database.) Values are matched case-insensitively.
/// With Kmt:Storage:Provider = Cosmos, Kmt:Queues:Provider must be set: its default (the embedded queue)
/// is SQLite, which Cosmos mode otherwise never loads, and a queue on one instance's disk is not what a
/// Cosmos deployment wants without saying so.
/// </remarks>
public sealed record KmtProviders(
    KmtProviders.Storage StorageProvider,
    KmtProviders.Blobs BlobProvider,
    KmtProviders.Language LanguageProvider,
    KmtProviders.Queues QueueProvider,
    KmtProviders.Graph GraphProvider,
    KmtProviders.SigningKeys SigningKeyProvider = KmtProviders.SigningKeys.Local,
    KmtProviders.Realtime RealtimeProvider = KmtProviders.Realtime.InProcess,
    KmtProviders.Mail MailProvider = KmtProviders.Mail.Store)
{
    public const string StorageSetting = "Kmt:Storage:Provider";
    public const string BlobsSetting = "Kmt:Blobs:Provider";
    public const string LanguageSetting = "Kmt:Language:Provider";
    public const string QueuesSetting = "Kmt:Queues:Provider";
    public const string GraphSetting = "Kmt:Graph:Provider";
    public const string SigningKeysSetting = "Kmt:SigningKeys:Provider";
    public const string RealtimeSetting = "Kmt:Realtime:Provider";
    public const string MailSetting = "Kmt:Mail:Provider";

    /// <summary>Where the storage ports (users, items, tags, activity, uploads, embeddings...) live.</summary>
    public enum Storage
    {
        /// <summary>SQLite in the data directory (Kmt.Storage.Embedded).</summary>
        Embedded,

        /// <summary>Cosmos DB for NoSQL (Kmt.Storage.Cosmos, settings Kmt:Cosmos).</summary>
        Cosmos,
    }

    /// <summary>Where uploaded files and other blobs live.</summary>
    public enum Blobs
    {
        /// <summary>A folder under the data directory; two-step uploads go to the API's own PUT endpoint.</summary>
        Local,

        /// <summary>Azure Blob Storage (settings Kmt:Blobs); two-step uploads go to a user-delegation SAS URL.</summary>
        Azure,
    }

    /// <summary>What analyses an ingested document's text (language, summary, key phrases, entities).</summary>
    public enum Language
    {
        /// <summary>The in-process analyzer (Kmt.Documents).</summary>
        InProcess,

        /// <summary>Azure AI Language (settings Kmt:Language).</summary>
        Azure,
    }

    /// <summary>What carries the work of queue-triggered functions (docs/design/hosting.md, "Queues").</summary>
    public enum Queues
    {
        /// <summary>A SQLite table in the embedded store's database, consumed by the DevHost's queue runner.</summary>
        Embedded,

        /// <summary>Azure Storage queues (settings Kmt:Queues), consumed by the Functions host or, on Azurite, by the DevHost.</summary>
        Azure,
    }

    /// <summary>Where the knowledge graph lives.</summary>
    public enum Graph
    {
        /// <summary>SQLite tables beside the other embedded stores (Kmt.Storage.Embedded); needs Kmt:Storage:Provider = Embedded.</summary>
        Embedded,

        /// <summary>Cosmos DB for Apache Gremlin (Kmt.Storage.Gremlin, settings Kmt:Gremlin).</summary>
        Gremlin,
    }

    /// <summary>
    /// Where KMT's own access-token signing keys come from when Kmt:Auth:SigningKeyPem is not set
    /// (docs/deployment.md, "Rotating the signing key").
    /// </summary>
    public enum SigningKeys
    {
        /// <summary>Key files in the data directory, generated on first use.</summary>
        Local,

        /// <summary>The versions of a Key Vault secret (settings Kmt:Auth:KeyVault), re-read without a restart.</summary>
        KeyVault,
    }

    /// <summary>What delivers real-time messages to clients (docs/api.md, "Real-time").</summary>
    public enum Realtime
    {
        /// <summary>The connections of this process (the DevHost's WebSocket endpoint).</summary>
        InProcess,

        /// <summary>Azure Web PubSub in serverless mode (settings Kmt:WebPubSub).</summary>
        WebPubSub,
    }

    /// <summary>What sends the mail the outbox holds (sign-up, password reset, digests).</summary>
    public enum Mail
    {
        /// <summary>The store's default: the log on the embedded store; none on Cosmos (mail waits in the outbox).</summary>
        Store,

        /// <summary>Azure Communication Services Email (settings Kmt:Mail:Acs).</summary>
        AzureCommunicationServices,
    }

    /// <summary>Reads and checks the settings; throws <see cref="InvalidOperationException"/> on a mistake.</summary>
    public static KmtProviders From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = Read(configuration, StorageSetting, Storage.Embedded, Storage.Cosmos, "Kmt:Cosmos", "Endpoint", "ConnectionString");
        var blobs = Read(configuration, BlobsSetting, Blobs.Local, Blobs.Azure, "Kmt:Blobs", "ServiceUri", "ConnectionString");
        var language = Read(configuration, LanguageSetting, Language.InProcess, Language.Azure, "Kmt:Language", "Endpoint");
        var queues = Read(configuration, QueuesSetting, Queues.Embedded, Queues.Azure, "Kmt:Queues", "ServiceUri", "ConnectionString");
        if (storage == Storage.Cosmos && string.IsNullOrWhiteSpace(configuration[QueuesSetting]))
        {
            throw new InvalidOperationException(
                $"{StorageSetting} is Cosmos but {QueuesSetting} is not set. Set it to Azure (with Kmt:Queues:ServiceUri, or Kmt:Queues:ConnectionString for Azurite), " +
                "or to Embedded to keep queue messages in a local SQLite database.");
        }

        var graph = storage == Storage.Cosmos && string.IsNullOrWhiteSpace(configuration[GraphSetting])
            ? Graph.Gremlin
            : Read(configuration, GraphSetting, Graph.Embedded, Graph.Gremlin, "Kmt:Gremlin", "Endpoint");
        if (storage == Storage.Cosmos && graph == Graph.Embedded)
        {
            throw new InvalidOperationException(
                $"{GraphSetting} is Embedded but {StorageSetting} is Cosmos: the embedded graph lives in SQLite, which Cosmos mode does not run. Set {GraphSetting} to Gremlin (with Kmt:Gremlin:Endpoint) or leave it unset.");
        }

        var signingKeys = Read(configuration, SigningKeysSetting, SigningKeys.Local, SigningKeys.KeyVault, "Kmt:Auth:KeyVault", "VaultUri");
        var realtime = Read(configuration, RealtimeSetting, Realtime.InProcess, Realtime.WebPubSub, "Kmt:WebPubSub", "Endpoint");
        var mail = Read(configuration, MailSetting, Mail.Store, Mail.AzureCommunicationServices, "Kmt:Mail:Acs", "Endpoint");
        return new KmtProviders(storage, blobs, language, queues, graph, signingKeys, realtime, mail);
    }

    private static T Read<T>(IConfiguration configuration, string setting, T fallback, T azure, string azureSection, params string[] azureKeys)
        where T : struct, Enum
    {
        var value = configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            var present = azureKeys.Select(k => $"{azureSection}:{k}").FirstOrDefault(k => !string.IsNullOrWhiteSpace(configuration[k]));
            if (present is not null)
            {
                throw new InvalidOperationException(
                    $"{present} is set but {setting} is not. Set {setting} to {azure} to use it, or to {fallback} to keep the default and ignore it.");
            }

            return fallback;
        }

        if (!Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(value, out _))
        {
            throw new InvalidOperationException($"{setting} must be one of {string.Join(", ", Enum.GetNames<T>())}, not '{value}'.");
        }

        return parsed;
    }
}
