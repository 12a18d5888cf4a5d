using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kmt.DevHost.Functions;

/// <summary>What one invocation binds: the function, its trigger value and its binding data.</summary>
internal sealed record DevInvocation(FunctionEntry Function, object? TriggerValue, IReadOnlyDictionary<string, object?> BindingData)
{
    /// <summary>The innermost step of the worker pipeline: call the function and keep what it returned as the invocation result.</summary>
    public static FunctionExecutionDelegate InvokeFunction => async context =>
    {
        var dev = (DevFunctionContext)context;
        var invocation = (DevInvocation)dev.Items[typeof(DevInvocation)];
        dev.InvocationResult = await FunctionInvoker.InvokeAsync(invocation.Function, dev, invocation.TriggerValue, invocation.BindingData);
    };
}
