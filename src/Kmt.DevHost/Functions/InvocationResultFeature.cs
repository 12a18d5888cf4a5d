using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>
/// FunctionContext.GetInvocationResult() (how middleware set a response and how the host reads the
/// function's return value) reads the worker's internal IFunctionBindingsFeature from
/// context.Features. This proxy implements that interface so the same calls work in the DevHost.
/// A test pins it: a worker upgrade that renames the interface fails loudly there.
/// </summary>
public class InvocationResultFeature : DispatchProxy
{
    internal static readonly Type BindingsFeatureType =
        typeof(FunctionContextBindingFeatureExtensions).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature")
        ?? throw new InvalidOperationException("The Functions worker no longer has IFunctionBindingsFeature; update the DevHost's InvocationResultFeature.");

    private readonly Dictionary<string, object?> _outputBindingData = new(StringComparer.Ordinal);

    public object? InvocationResult { get; set; }

    public static (object Feature, InvocationResultFeature State) Create()
    {
        var proxy = DispatchProxy.Create(BindingsFeatureType, typeof(InvocationResultFeature));
        return (proxy, (InvocationResultFeature)proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_InvocationResult" => InvocationResult,
        "set_InvocationResult" => InvocationResult = args![0],
        "get_InputData" or "get_TriggerMetadata" => new Dictionary<string, object?>(),
        "get_OutputBindingData" => _outputBindingData,
        _ => null,
    };
}
