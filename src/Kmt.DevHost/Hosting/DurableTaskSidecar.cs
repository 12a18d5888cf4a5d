using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Options;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// The Durable Task engine the DevHost's worker and client talk to: the SDK's gRPC task hub service
/// (TaskHubGrpcServer, from Microsoft.DurableTask.InProcessTestHost) on a loopback port, over the
/// orchestration service <see cref="DurableOptions.Engine"/> names. This is the portable SDK's
/// "sidecar" shape; in Azure the Functions host plays the same part over the same Azure Storage backend.
/// </summary>
/// <remarks>
/// Started as a hosted service (registered before the worker's), not before the app is built: the
/// worker connects when it starts and retries until the endpoint answers.
/// </remarks>
internal sealed class DurableTaskSidecar(IOptions<DurableOptions> options, IConfiguration configuration, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _sidecar;

    /// <summary>The gRPC address the worker and the client use ("http://127.0.0.1:{port}").</summary>
    public string Address { get; } = $"http://127.0.0.1:{(options.Value.Port > 0 ? options.Value.Port : FreePort())}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var service = await CreateServiceAsync(cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(Address);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton((IOrchestrationServiceClient)service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        _sidecar = builder.Build();
        _sidecar.MapGrpcService<TaskHubGrpcServer>();
        await _sidecar.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_sidecar is not null)
        {
            await _sidecar.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
            _sidecar = null;
        }
    }

    private async Task<IOrchestrationService> CreateServiceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Engine == DurableEngine.InMemory)
        {
            return new InMemoryOrchestrationService(loggers);
        }

        var connection = settings.ConnectionString is { Length: > 0 } own ? own : configuration["Kmt:Blobs:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException($"{DurableOptions.Section}:Engine = AzureStorage needs {DurableOptions.Section}:ConnectionString (or Kmt:Blobs:ConnectionString).");
        }

        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connection),
            TaskHubName = settings.TaskHub,
            PartitionCount = 1,
            ControlQueueVisibilityTimeout = settings.VisibilityTimeout,
            WorkItemQueueVisibilityTimeout = settings.VisibilityTimeout,
            LeaseInterval = settings.VisibilityTimeout,
            LeaseRenewInterval = TimeSpan.FromSeconds(Math.Max(1, settings.VisibilityTimeout.TotalSeconds / 4)),
            LeaseAcquireInterval = TimeSpan.FromSeconds(Math.Max(1, settings.VisibilityTimeout.TotalSeconds / 4)),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LoggerFactory = loggers,
        });
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        return service;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
