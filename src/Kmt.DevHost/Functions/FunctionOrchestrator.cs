using Microsoft.DurableTask;

namespace Kmt.DevHost.Functions;

/// <summary>
/// An app's [OrchestrationTrigger] function as a Durable Task orchestrator: called with the engine's
/// <see cref="TaskOrchestrationContext"/> (wrapped so that the function's own GetInput&lt;T&gt; works) on the
/// engine's replay thread, never through middleware, which must not run on every replay.
/// </summary>
internal sealed class FunctionOrchestrator(OrchestrationFunction function, IServiceProvider services) : ITaskOrchestrator
{
    public Type InputType => typeof(object);

    public Type OutputType => typeof(object);

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var invocation = new DevFunctionContext(new DevFunctionDefinition(function), services, CancellationToken.None);
        return FunctionInvoker.InvokeAsync(function, invocation, new FunctionOrchestrationContext(context, input), new Dictionary<string, object?>());
    }
}
