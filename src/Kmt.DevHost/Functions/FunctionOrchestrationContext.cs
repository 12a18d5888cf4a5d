using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace Kmt.DevHost.Functions;

/// <summary>
/// The engine's orchestration context with one difference: GetInput&lt;T&gt;() deserializes the raw
/// input to the type the function asks for, as Durable Functions' own context does. The portable SDK's
/// context only casts an input already deserialized to the orchestrator's declared input type, which
/// a function-based orchestrator (it reads its input itself) cannot declare. Everything else is the
/// engine's own.
/// </summary>
internal sealed class FunctionOrchestrationContext(TaskOrchestrationContext inner, object? input) : TaskOrchestrationContext
{
    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => inner.Parent;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override string Version => inner.Version;

    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

    public override T? GetInput<T>()
        where T : default => input switch
        {
            null => default,
            T typed => typed,
            JsonElement json => JsonDataConverter.Default.Deserialize<T>(json.GetRawText()),
            _ => inner.GetInput<T>(),
        };

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();
}
