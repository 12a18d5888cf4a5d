using Kmt.Core.Common;
using Microsoft.Azure.Cosmos;

namespace Kmt.Storage.Cosmos.Common;

/// <summary>Reads the database (a cheap metadata request). Details name the database and connection mode only; Location is the account endpoint.</summary>
public sealed class CosmosStoreHealth(CosmosDatabase database) : IStoreHealth
{
    public const string StoreName = "cosmos-nosql";

    public async Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, object?>
        {
            ["database"] = database.Database.Id,
            ["connection_mode"] = database.Client.ClientOptions.ConnectionMode.ToString(),
        };
        var location = database.Client.Endpoint?.GetLeftPart(UriPartial.Authority);
        try
        {
            await database.ContainerAsync(ContainerDefinitions.Users, cancellationToken).ConfigureAwait(false);
            using var response = await database.Database.ReadStreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new StoreHealthReport(true, StoreName, "Azure Cosmos DB for NoSQL.", details, location)
                : new StoreHealthReport(false, StoreName, $"Azure Cosmos DB for NoSQL answered {(int)response.StatusCode}.", details, location);
        }
        catch (Exception ex) when (ex is CosmosException or HttpRequestException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new StoreHealthReport(false, StoreName, "Azure Cosmos DB for NoSQL cannot be reached.", details, location);
        }
    }
}
