using System.Globalization;
using System.Text;
using System.Text.Json;
using Kmt.Core.Common;
using Kmt.DevHost.Functions;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Runs the function app's queue-triggered functions the way the Functions host does: polls each
/// function's queue through <see cref="IWorkQueueReceiver"/> (the embedded queue, or Azurite's queues on
/// the emulated stack; whichever Kmt:Queues:Provider chose), invokes the function once per message
/// through the app's worker middleware, deletes the message when the invocation succeeds, and gives it
/// back for a retry when it fails, until its dequeue count reaches MaxDequeueCount and it moves to the
/// poison queue (docs/design/hosting.md, "Queues").
/// </summary>
/// <remarks>
/// <para>Binds as the host does: a string parameter gets the message text, byte[] its UTF-8 bytes, any
/// other type is deserialized from JSON (case-insensitive names, the worker's default); a message that
/// does not deserialize fails the invocation like any other error. Binding data by parameter name: id,
/// dequeueCount, insertionTime, nextVisibleTime, popReceipt and queueTrigger.</para>
/// <para>The queue name may be a %Setting%, resolved from configuration as the host resolves app settings.
/// The attribute's Connection is not read: the DevHost consumes the queue the app itself sends to.</para>
/// <para>Leases are not renewed while a function runs (the host renews them): an invocation longer than
/// Kmt:Queues:VisibilityTimeout may see its message delivered again, which at-least-once delivery allows.</para>
/// <para>Waits run on the app's <see cref="TimeProvider"/>, as do the embedded queue's visibility times,
/// so a test with a fake clock controls both.</para>
/// </remarks>
internal sealed class QueueTriggerRunner : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly IReadOnlyList<QueueFunction>? _functions;
    private readonly DevWorkerApplicationBuilder _worker;
    private readonly IServiceScopeFactory _scopes;
    private readonly IWorkQueueReceiver _queues;
    private readonly IConfiguration _configuration;
    private readonly IOptions<WorkQueueOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueTriggerRunner> _logger;

    public QueueTriggerRunner(
        DevWorkerApplicationBuilder worker,
        IServiceScopeFactory scopes,
        IWorkQueueReceiver queues,
        IConfiguration configuration,
        IOptions<WorkQueueOptions> options,
        TimeProvider time,
        ILogger<QueueTriggerRunner> logger)
        : this(null, worker, scopes, queues, configuration, options, time, logger)
    {
    }

    private QueueTriggerRunner(
        IReadOnlyList<QueueFunction>? functions,
        DevWorkerApplicationBuilder worker,
        IServiceScopeFactory scopes,
        IWorkQueueReceiver queues,
        IConfiguration configuration,
        IOptions<WorkQueueOptions> options,
        TimeProvider time,
        ILogger<QueueTriggerRunner> logger)
    {
        _functions = functions;
        _worker = worker;
        _scopes = scopes;
        _queues = queues;
        _configuration = configuration;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>A runner for the given functions instead of the app's (tests run functions of their own this way).</summary>
    internal static QueueTriggerRunner ForFunctions(IReadOnlyList<QueueFunction> functions, IServiceProvider services) => new(
        functions,
        services.GetRequiredService<DevWorkerApplicationBuilder>(),
        services.GetRequiredService<IServiceScopeFactory>(),
        services.GetRequiredService<IWorkQueueReceiver>(),
        services.GetRequiredService<IConfiguration>(),
        services.GetRequiredService<IOptions<WorkQueueOptions>>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<QueueTriggerRunner>>());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = _functions ?? FunctionCatalog.QueueFunctions(DevHostApp.FunctionAppAssembly);
        if (functions.Count == 0)
        {
            return;
        }

        var pipeline = _worker.Build(DevInvocation.InvokeFunction);
        var running = new List<Task>();
        foreach (var function in functions)
        {
            var queueName = TimerTriggerRunner.ResolveSetting(function.QueueName, _configuration, out var missing);
            if (queueName is null)
            {
                _logger.LogError("Queue function {Function} is not running: its queue {Queue} names setting {Setting}, which is not set.", function.Name, function.QueueName, missing);
                continue;
            }

            try
            {
                WorkQueueRules.ValidateQueueName(queueName);
            }
            catch (ArgumentException ex)
            {
                _logger.LogError("Queue function {Function} is not running: {Error}", function.Name, ex.Message);
                continue;
            }

            _logger.LogInformation("Queue trigger: {Function} on {Queue}", function.Name, queueName);
            running.Add(RunAsync(function, queueName, pipeline, stoppingToken));
        }

        await Task.WhenAll(running);
    }

    private async Task RunAsync(QueueFunction function, string queueName, FunctionExecutionDelegate pipeline, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = _options.Value;
            IReadOnlyList<WorkQueueMessage> messages = [];
            try
            {
                messages = await _queues.ReceiveAsync(queueName, Math.Clamp(settings.BatchSize, 1, 32), settings.VisibilityTimeout, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Receiving from queue {Queue} ({Function}) failed; trying again shortly.", queueName, function.Name);
            }

            if (messages.Count > 0)
            {
                // The host invokes a batch's messages in parallel and fetches the next batch when they are done.
                await Task.WhenAll(messages.Select(m => ProcessAsync(function, m, pipeline, settings, stoppingToken)));
                continue;
            }

            try
            {
                await Task.Delay(settings.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ProcessAsync(QueueFunction function, WorkQueueMessage message, FunctionExecutionDelegate pipeline, WorkQueueOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            await using (var scope = _scopes.CreateAsyncScope())
            {
                var context = new DevFunctionContext(new DevFunctionDefinition(function), scope.ServiceProvider, stoppingToken);
                context.Items[typeof(DevInvocation)] = new DevInvocation(function, Bind(function, message), BindingData(message));
                await pipeline(context);
            }

            if (!await _queues.CompleteAsync(message, stoppingToken))
            {
                _logger.LogWarning("{Function} finished message {Id} of {Queue} after its lease ran out; it may run again.", function.Name, message.Id, message.QueueName);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Not settled: the message comes back when its lease ends, as after a host shutdown.
        }
        catch (Exception ex)
        {
            try
            {
                var poisoned = await WorkQueueRules.SettleFailureAsync(_queues, message, settings, stoppingToken);
                if (poisoned)
                {
                    _logger.LogError(ex, "{Function} failed on message {Id} of {Queue} {Count} times; moved it to {Poison}.",
                        function.Name, message.Id, message.QueueName, message.DequeueCount, WorkQueueRules.PoisonQueueName(message.QueueName));
                }
                else
                {
                    _logger.LogWarning(ex, "{Function} failed on message {Id} of {Queue} (delivery {Count} of {Max}); retrying.",
                        function.Name, message.Id, message.QueueName, message.DequeueCount, settings.MaxDequeueCount);
                }
            }
            catch (Exception settleError) when (!stoppingToken.IsCancellationRequested)
            {
                // The lease still ends: the message comes back then.
                _logger.LogWarning(settleError, "Could not settle failed message {Id} of {Queue}; it returns when its lease ends.", message.Id, message.QueueName);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The trigger parameter's value, as the worker's queue converters produce it.</summary>
    internal static object? Bind(QueueFunction function, WorkQueueMessage message)
    {
        var type = function.TriggerParameter.ParameterType;
        if (type == typeof(string))
        {
            return message.Body;
        }

        if (type == typeof(byte[]))
        {
            return Encoding.UTF8.GetBytes(message.Body);
        }

        if (type == typeof(BinaryData))
        {
            return BinaryData.FromString(message.Body);
        }

        return JsonSerializer.Deserialize(message.Body, type, Json)
            ?? throw new JsonException($"Message {message.Id} is JSON null; {function.Name} needs a {type.Name}.");
    }

    private static Dictionary<string, object?> BindingData(WorkQueueMessage message) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = message.Id,
        ["dequeueCount"] = message.DequeueCount,
        ["insertionTime"] = message.InsertedAt,
        ["nextVisibleTime"] = message.NextVisibleAt,
        ["popReceipt"] = message.Receipt,
        ["queueTrigger"] = message.Body,
    };
}
