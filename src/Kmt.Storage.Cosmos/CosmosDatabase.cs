using System.Net;
using System.Net.Security;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Kmt.Storage.Cosmos;

/// <summary>
/// The CosmosClient (one per process, as the SDK wants) and the containers of database "kmt". With
/// <see cref="CosmosStoreOptions.CreateIfNotExists"/> the database and containers are created on first use.
/// </summary>
public sealed class CosmosDatabase : IDisposable
{
    private readonly Lazy<Task> initialization;

    public CosmosDatabase(IOptions<CosmosStoreOptions> options)
        : this(options.Value, CreateClient(options.Value))
    {
    }

    public CosmosDatabase(CosmosStoreOptions options, CosmosClient client)
    {
        Options = options;
        Client = client;
        Database = client.GetDatabase(string.IsNullOrWhiteSpace(options.Database) ? CosmosStoreOptions.DefaultDatabase : options.Database);
        initialization = new Lazy<Task>(() => options.CreateIfNotExists ? CreateAsync() : Task.CompletedTask, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public CosmosStoreOptions Options { get; }

    public CosmosClient Client { get; }

    public Database Database { get; }

    /// <summary>The container, once the database and containers exist (created here when configured).</summary>
    public async Task<Container> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        var init = initialization.Value;
        if (!init.IsCompletedSuccessfully)
        {
            await init.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return Database.GetContainer(name);
    }

    /// <summary>Creates the database and every container of <see cref="ContainerDefinitions"/> that is missing (existing ones are left as they are).</summary>
    public async Task CreateAsync()
    {
        await Client.CreateDatabaseIfNotExistsAsync(Database.Id).ConfigureAwait(false);
        foreach (var container in ContainerDefinitions.All())
        {
            await Database.CreateContainerIfNotExistsAsync(container).ConfigureAwait(false);
        }
    }

    public void Dispose() => Client.Dispose();

    /// <summary>The client for <paramref name="options"/>: managed identity for an endpoint, the key of a connection string for local emulators.</summary>
    public static CosmosClient CreateClient(CosmosStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{CosmosStoreOptions.Section}: set Endpoint (Azure, managed identity) or ConnectionString (local emulator), not both.");
        }

        var clientOptions = CreateClientOptions(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new CosmosClient(options.ConnectionString, clientOptions);
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{CosmosStoreOptions.Section}:Endpoint must be an absolute https URL.");
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });
        return new CosmosClient(endpoint.ToString(), credential, clientOptions);
    }

    internal static CosmosClientOptions CreateClientOptions(CosmosStoreOptions options)
    {
        var mode = string.IsNullOrWhiteSpace(options.ConnectionMode)
            ? (options.UsesConnectionString ? ConnectionMode.Gateway : ConnectionMode.Direct)
            : Enum.TryParse<ConnectionMode>(options.ConnectionMode, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"{CosmosStoreOptions.Section}:ConnectionMode must be Direct or Gateway.");
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "kmt",
            ConnectionMode = mode,
            LimitToEndpoint = options.LimitToEndpoint ?? options.UsesConnectionString,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
        };
        if (options.AcceptLoopbackCertificate)
        {
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (request, _, _, errors) => AcceptCertificate(request.RequestUri, errors),
            });
        }

        return clientOptions;
    }

    /// <summary>A valid certificate from anyone; any certificate only from a loopback host (the local test server's).</summary>
    internal static bool AcceptCertificate(Uri? requestUri, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || IsLoopback(requestUri?.Host);

    internal static bool IsLoopback(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
