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
    private readonly InvocationResultFeature _result;

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
        var features = new DevInvocationFeatures();
        (var feature, _result) = InvocationResultFeature.Create();
        features.Set(InvocationResultFeature.BindingsFeatureType, feature);
        Features = features;
    }

    public object? InvocationResult
    {
        get => _result.InvocationResult;
        set => _result.InvocationResult = value;
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext { get; } = new DevTraceContext();

    public override BindingContext BindingContext { get; } = new DevBindingContext();

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
