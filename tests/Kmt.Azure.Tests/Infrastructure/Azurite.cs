using System.Net.Sockets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kmt.Azure.Tests.Infrastructure;

/// <summary>
/// The Azurite instance the tests use: KMT_AZURITE_CONNECTION_STRING, else "UseDevelopmentStorage=true"
/// (blob endpoint http://127.0.0.1:10000). When nothing listens there the tests fail, saying so.
/// </summary>
public static class Azurite
{
    public const string EnvironmentVariable = "KMT_AZURITE_CONNECTION_STRING";

    private static readonly Lazy<BlobServiceClient> Service = new(Connect);

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    /// <summary>The same account for Azure.Data.Tables (table endpoint 127.0.0.1:10002 in "UseDevelopmentStorage=true").</summary>
    public static string TableConnectionString
    {
        get
        {
            _ = Client; // fails with the clear message when Azurite is not running
            return ConnectionString;
        }
    }

    /// <summary>Azurite's queue service (127.0.0.1:10001 in "UseDevelopmentStorage=true"), base64 as the queue trigger expects.</summary>
    public static QueueServiceClient QueueClient
    {
        get
        {
            _ = Client; // fails with the clear message when Azurite is not running
            return new QueueServiceClient(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        }
    }

    /// <summary>A client for Azurite's blob service; throws a clear message when Azurite is not running.</summary>
    public static BlobServiceClient Client => Service.Value;

    private static BlobServiceClient Connect()
    {
        var client = new BlobServiceClient(ConnectionString);
        var endpoint = $"{client.Uri.Host}:{client.Uri.Port}";
        try
        {
            using var tcp = new TcpClient();
            if (!tcp.ConnectAsync(client.Uri.Host, client.Uri.Port).Wait(TimeSpan.FromSeconds(5)))
            {
                throw new TimeoutException($"No answer from {endpoint} within 5 s.");
            }
        }
        catch (Exception e) when (e is SocketException or TimeoutException or AggregateException)
        {
            throw new InvalidOperationException(
                $"Azurite is not running on {endpoint}; run .ci/run, which starts it " +
                $"(or start it yourself and set {EnvironmentVariable}). Cause: {e.GetBaseException().Message}",
                e);
        }

        return client;
    }
}
