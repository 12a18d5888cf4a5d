using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>
/// FunctionContext.GetInvocationResult() (how middleware set a response and how the host reads the
/// function's return value) reads the worker's internal IFunctionBindingsFeature from
/// context.Features. This proxy implements that interface over its <see cref="DevFunctionContext"/>'s
/// result, so the same calls work in the DevHost. It is made only when something asks for it
/// (<see cref="DevInvocationFeatures"/>): a request no middleware answers never needs one.
/// A test pins it: a worker upgrade that renames the interface fails loudly there.
/// </summary>
public class InvocationResultFeature : DispatchProxy
{
    internal static readonly Type BindingsFeatureType =
        typeof(FunctionContextBindingFeatureExtensions).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature")
        ?? throw new InvalidOperationException("The Functions worker no longer has IFunctionBindingsFeature; update the DevHost's InvocationResultFeature.");

    private DevFunctionContext? _owner;

    internal static object Create(DevFunctionContext owner)
    {
        var proxy = DispatchProxy.Create(BindingsFeatureType, typeof(InvocationResultFeature));
        ((InvocationResultFeature)proxy)._owner = owner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_InvocationResult" => _owner!.InvocationResult,
        "set_InvocationResult" => _owner!.InvocationResult = args![0],
        "get_InputData" or "get_TriggerMetadata" => new Dictionary<string, object?>(),
        "get_OutputBindingData" => _owner!.OutputBindingData,
        _ => null,
    };
}
