using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>
/// The DevHost's FunctionContext: what function code and worker middleware read from it
/// (HTTP context via Items["HttpRequestContext"], InstanceServices, FunctionDefinition, Features,
/// CancellationToken). Nothing here decides anything: the function app's middleware does.
/// </summary>
internal sealed class DevFunctionContext : FunctionContext
{
    // Immutable and empty: one instance for every invocation.
    private static readonly TraceContext EmptyTrace = new DevTraceContext();
    private static readonly BindingContext EmptyBindings = new DevBindingContext();

    private string? _invocationId;
    private Dictionary<string, object?>? _outputBindingData;

    public DevFunctionContext(FunctionDefinition definition, HttpContext http, IServiceProvider services)
        : this(definition, services, http.RequestAborted)
    {
        Items["HttpRequestContext"] = http;
    }

    public DevFunctionContext(FunctionDefinition definition, IServiceProvider services, CancellationToken cancellationToken)
    {
        FunctionDefinition = definition;
        InstanceServices = services;
        CancellationToken = cancellationToken;
        Items = new Dictionary<object, object>();
        Features = new DevInvocationFeatures(this);
    }

    /// <summary>What the function returned or middleware set (GetInvocationResult().Value reads and writes this).</summary>
    public object? InvocationResult { get; set; }

    internal Dictionary<string, object?> OutputBindingData => _outputBindingData ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Made when first read: most invocations never ask for it.</summary>
    public override string InvocationId => _invocationId ??= Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => EmptyTrace;

    public override BindingContext BindingContext => EmptyBindings;

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; }

    public override IInvocationFeatures Features { get; }

    public override CancellationToken CancellationToken { get; }

    private sealed class DevTraceContext : TraceContext
    {
        public override string TraceParent => "";

        public override string TraceState => "";
    }

    private sealed class DevBindingContext : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = new Dictionary<string, object?>();
    }
}
