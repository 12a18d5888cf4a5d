using Kmt.DevHost.Functions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Runs the function app's [OrchestrationTrigger] and [ActivityTrigger] functions on the portable
/// Durable Task SDK and gives [DurableClient] parameters its client (docs/design/insights.md, "Insight
/// pipeline"). Every such function is registered by its [Function] name, found by reflection
/// (<see cref="FunctionCatalog"/>): there is no list to keep.
/// </summary>
/// <remarks>
/// The engine is <see cref="DurableTaskSidecar"/> (in memory by default; the Azure Storage backend on
/// the emulated stack). Activities run through the app's worker middleware in a DI scope each, like the
/// timer and blob runners; orchestrators are called directly on the engine's replay thread.
/// </remarks>
internal static class OrchestrationRunner
{
    public static IServiceCollection AddOrchestrationRunner(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DurableOptions>().Bind(configuration.GetSection(DurableOptions.Section));
        services.AddSingleton<DurableTaskSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableTaskSidecar>());

        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(_ => { });
            builder.AddTasks(Register);
        });
        services.AddOptions<Microsoft.DurableTask.Worker.Grpc.GrpcDurableTaskWorkerOptions>(Microsoft.Extensions.Options.Options.DefaultName)
            .Configure<DurableTaskSidecar>((grpc, sidecar) => grpc.Address = sidecar.Address);

        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc(_ => { });
            builder.RegisterDirectly();
        });
        services.AddOptions<Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClientOptions>(Microsoft.Extensions.Options.Options.DefaultName)
            .Configure<DurableTaskSidecar>((grpc, sidecar) => grpc.Address = sidecar.Address);
        return services;
    }

    /// <summary>Registers every orchestration and activity function of the app by its [Function] name.</summary>
    internal static void Register(DurableTaskRegistry registry)
    {
        var assembly = DevHostApp.FunctionAppAssembly;
        foreach (var function in FunctionCatalog.OrchestrationFunctions(assembly))
        {
            registry.AddOrchestrator(function.Name, () => new FunctionOrchestrator(function, EmptyServices.Instance));
        }

        foreach (var function in FunctionCatalog.ActivityFunctions(assembly))
        {
            registry.AddActivity(function.Name, sp => new FunctionActivity(
                function,
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<DevWorkerApplicationBuilder>().Build(DevInvocation.InvokeFunction),
                sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        }
    }

    /// <summary>Orchestrators get no services: their code must be deterministic and do its I/O in activities.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
