using Kmt.Core.Common;
using Kmt.DevHost.Functions;
using Kmt.Functions.Hosting;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Builds the DevHost: the function app's own services and worker middleware, its HTTP functions
/// served at their own routes, its blob, timer, orchestration and activity functions run by their runners, on 127.0.0.1:7071 unless --urls / ASPNETCORE_URLS say otherwise.
/// Split into CreateBuilder and Build so end-to-end tests can add configuration (or a fake clock)
/// in between, exactly like a settings file would.
/// </summary>
public static class DevHostApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });

        // Lowest precedence first: local.settings.json, then environment and command line on top.
        var sources = builder.Configuration.Sources.ToList();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddLocalSettings(Directory.GetCurrentDirectory());
        foreach (var source in sources)
        {
            builder.Configuration.Sources.Add(source);
        }

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddKmtFunctionApp(builder.Configuration);
        builder.Services.AddMvcCore();
        foreach (var type in FunctionCatalog.FunctionTypes(FunctionAppAssembly))
        {
            builder.Services.AddScoped(type);
        }

        builder.Services.AddOptions<DevHostOptions>().Bind(builder.Configuration.GetSection(DevHostOptions.Section));
        builder.Services.AddHostedService<BlobTriggerRunner>();
        builder.Services.AddHostedService<TimerTriggerRunner>();
        builder.Services.AddHostedService<QueueTriggerRunner>();
        builder.Services.AddOrchestrationRunner(builder.Configuration);

        // The Durable Task engine and its gRPC transport log every poll at Information.
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        // The Functions host accepts request bodies up to 100 MB (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
        // Kestrel's own default (30 MB) would turn away uploads Azure accepts.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 100L * 1024 * 1024);

        var worker = new DevWorkerApplicationBuilder(builder.Services);
        KmtWorkerPipeline.Configure(worker);
        builder.Services.AddSingleton(worker);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapRealtimeWebSocket();
        app.MapWebClient();
        var worker = app.Services.GetRequiredService<DevWorkerApplicationBuilder>();
        var functions = app.MapHttpFunctions(FunctionCatalog.HttpFunctions(FunctionAppAssembly), worker.Build(DevInvocation.InvokeFunction));
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, functions.Count));
        return app;
    }

    public static System.Reflection.Assembly FunctionAppAssembly => typeof(KmtWorkerPipeline).Assembly;

    private static void PrintBanner(WebApplication app, int functionCount)
    {
        var health = app.Services.GetRequiredService<IStoreHealth>().CheckAsync(CancellationToken.None).GetAwaiter().GetResult();
        var dataDirectory = health.Location ?? "(not reported)";
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kmt.DevHost");
        foreach (var url in app.Urls)
        {
            logger.LogInformation("KMT DevHost listening on {Url} (API under {Url}/api/v1, health at {Url}/api/health)", url, url, url);
        }

        logger.LogInformation("{Count} HTTP functions; store {Store}: {Description}; data in {DataDirectory}", functionCount, health.Store, health.Description, dataDirectory);
    }
}
