using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.DurableTask;

namespace Kmt.DevHost.Functions;

/// <summary>
/// An app's [ActivityTrigger] function as a Durable Task activity: the input deserialized to the
/// trigger parameter's type, the function invoked in a DI scope of its own through the app's worker
/// middleware (as the host invokes activities), its return value the activity's output.
/// </summary>
internal sealed class FunctionActivity(ActivityFunction function, IServiceScopeFactory scopes, FunctionExecutionDelegate pipeline, CancellationToken stopping) : ITaskActivity
{
    public Type InputType => function.TriggerParameter.ParameterType;

    public Type OutputType => typeof(object);

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await using var scope = scopes.CreateAsyncScope();
        var invocation = new DevFunctionContext(new DevFunctionDefinition(function), scope.ServiceProvider, stopping);
        invocation.Items[typeof(DevInvocation)] = new DevInvocation(function, input, new Dictionary<string, object?>());
        await pipeline(invocation);
        return invocation.InvocationResult;
    }
}
