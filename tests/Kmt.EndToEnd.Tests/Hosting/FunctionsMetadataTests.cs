using System.Text.Json;
using Kmt.DevHost.Functions;
using Kmt.DevHost.Hosting;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>
/// The Functions SDK writes functions.metadata at build time: it is what the real host indexes. The
/// DevHost must serve exactly those HTTP functions, at the same routes and methods, so the two can
/// never drift apart.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void DevHost_serves_every_http_function_in_functions_metadata_with_the_same_route_and_methods()
    {
        var fromMetadata = ReadHttpFunctionsFromMetadata();
        var served = FunctionCatalog.HttpFunctions(DevHostApp.FunctionAppAssembly)
            .ToDictionary(f => f.Name, f => (f.Route, Methods: string.Join(",", f.Methods.Select(m => m.ToLowerInvariant()).Order())));

        Assert.NotEmpty(fromMetadata);
        Assert.Equal(fromMetadata.Keys.Order(), served.Keys.Order());
        foreach (var (name, expected) in fromMetadata)
        {
            Assert.Equal(expected, served[name]);
        }
    }

    [Fact]
    public void DevHost_runs_every_blob_triggered_function_in_functions_metadata_on_the_same_path_and_connection()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var fromMetadata = (
            from function in document.RootElement.EnumerateArray()
            from binding in function.GetProperty("bindings").EnumerateArray()
            where binding.GetProperty("type").GetString() == "blobTrigger"
            select new BlobBinding(
                function.GetProperty("name").GetString()!,
                binding.GetProperty("path").GetString()!,
                binding.TryGetProperty("connection", out var connection) ? connection.GetString() : null,
                binding.TryGetProperty("source", out var source) ? source.GetString() : null))
            .OrderBy(f => f.Name)
            .ToArray();
        var run = FunctionCatalog.BlobFunctions(DevHostApp.FunctionAppAssembly)
            .Select(f => new BlobBinding(f.Name, f.BlobPath, f.Connection, fromMetadata.FirstOrDefault(m => m.Name == f.Name)?.Source))
            .ToArray();

        Assert.NotEmpty(fromMetadata);
        Assert.Equal(fromMetadata, run);

        // Flex Consumption only runs blob triggers driven by Event Grid.
        Assert.All(fromMetadata, f => Assert.Equal("EventGrid", f.Source));
    }

    [Fact]
    public void Every_trigger_kind_the_app_declares_has_a_DevHost_runner_and_every_function_is_run_by_it()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var declared = (
            from function in document.RootElement.EnumerateArray()
            from binding in function.GetProperty("bindings").EnumerateArray()
            let type = binding.GetProperty("type").GetString()!
            where type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase)
            select (Name: function.GetProperty("name").GetString()!, Type: type))
            .OrderBy(f => f.Name)
            .ToArray();
        var run = FunctionCatalog.All(DevHostApp.FunctionAppAssembly).Select(f => (f.Name, Type: f.TriggerType)).OrderBy(f => f.Name).ToArray();

        Assert.Contains(declared, f => f.Type == "timerTrigger");
        Assert.Contains(declared, f => f.Type == "orchestrationTrigger");
        Assert.Contains(declared, f => f.Type == "activityTrigger");
        Assert.Equal(declared, run); // a trigger kind without a DevHost runner is missing here
    }

    [Fact]
    public void DevHost_runs_every_timer_function_with_the_schedule_and_options_in_functions_metadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var fromMetadata = (
            from function in document.RootElement.EnumerateArray()
            from binding in function.GetProperty("bindings").EnumerateArray()
            where binding.GetProperty("type").GetString() == "timerTrigger"
            select (Name: function.GetProperty("name").GetString()!, Schedule: binding.GetProperty("schedule").GetString()!,
                RunOnStartup: binding.TryGetProperty("runOnStartup", out var r) && r.GetBoolean(),
                UseMonitor: !binding.TryGetProperty("useMonitor", out var m) || m.GetBoolean()))
            .OrderBy(f => f.Name)
            .ToArray();
        var run = FunctionCatalog.TimerFunctions(DevHostApp.FunctionAppAssembly).Select(f => (f.Name, f.Schedule, f.RunOnStartup, f.UseMonitor)).ToArray();

        Assert.NotEmpty(fromMetadata);
        Assert.Equal(fromMetadata, run);
    }

    [Fact]
    public void DevHost_runs_every_queue_triggered_function_in_functions_metadata_on_the_same_queue_and_connection()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var fromMetadata = (
            from function in document.RootElement.EnumerateArray()
            from binding in function.GetProperty("bindings").EnumerateArray()
            where binding.GetProperty("type").GetString() == "queueTrigger"
            select (Name: function.GetProperty("name").GetString()!, Queue: binding.GetProperty("queueName").GetString()!,
                Connection: binding.TryGetProperty("connection", out var connection) ? connection.GetString() : null))
            .OrderBy(f => f.Name)
            .ToArray();
        var run = FunctionCatalog.QueueFunctions(DevHostApp.FunctionAppAssembly).Select(f => (f.Name, Queue: f.QueueName, f.Connection)).ToArray();

        Assert.Equal(fromMetadata, run);

        // Every queue trigger reads the account that infra/ and the sample settings configure under that name.
        Assert.All(run, f => Assert.Equal(Kmt.Functions.Triggers.WorkQueueConnection.Name, f.Connection));
    }

    [Fact]
    public void The_hosts_queue_settings_match_the_DevHost_defaults()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Kmt.Functions", "host.json")));
        var queues = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");
        var defaults = new Kmt.Core.Common.WorkQueueOptions();

        Assert.Equal(defaults.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(defaults.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(defaults.RetryDelay, TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void The_DevHost_worker_registers_every_orchestration_and_activity_in_functions_metadata_by_name()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var durable = (
            from function in document.RootElement.EnumerateArray()
            from binding in function.GetProperty("bindings").EnumerateArray()
            let type = binding.GetProperty("type").GetString()
            where type is "orchestrationTrigger" or "activityTrigger"
            select function.GetProperty("name").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var registry = new Microsoft.DurableTask.DurableTaskRegistry();
        OrchestrationRunner.Register(registry);

        // What the worker will serve: the registry's orchestrators and activities, by name.
        var registered = new[] { "GetOrchestrators", "GetActivities" }
            .Select(name => typeof(Microsoft.DurableTask.DurableTaskRegistry).GetMethod(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!)
            .SelectMany(method => ((System.Collections.IEnumerable)method.Invoke(registry, null)!).Cast<object>())
            .Select(entry => entry.GetType().GetProperty("Key")!.GetValue(entry)!.ToString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(durable);
        Assert.Equal(durable, registered);
    }

    [Fact]
    public void Every_api_route_is_versioned_and_the_host_prefix_is_api()
    {
        var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Kmt.Functions", "host.json")));
        Assert.Equal("api", hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.All(
            // Health and the OpenAPI document (which describes every version) sit beside the versions, at api/health and api/openapi.json.
            FunctionCatalog.HttpFunctions(DevHostApp.FunctionAppAssembly).Where(f => f.Name is not ("Health" or "OpenApi_Document")),
            f => Assert.StartsWith("v1/", f.Route));
    }

    internal static Dictionary<string, (string Route, string Methods)> ReadHttpFunctionsFromMetadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath()));
        var result = new Dictionary<string, (string, string)>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() == "httpTrigger")
                {
                    var methods = binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order();
                    result[function.GetProperty("name").GetString()!] = (binding.GetProperty("route").GetString()!, string.Join(",", methods));
                }
            }
        }

        return result;
    }

    /// <summary>The metadata the SDK wrote for the same build configuration as this test run.</summary>
    private static string MetadataPath()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot(), "src", "Kmt.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}; build src/Kmt.Functions first.");
        return path;
    }

    private sealed record BlobBinding(string Name, string Path, string? Connection, string? Source);

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KmtFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (KmtFunctions.sln) not found.");
    }
}
