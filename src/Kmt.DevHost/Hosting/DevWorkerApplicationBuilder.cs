using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Collects the function app's worker middleware (registered through the same
/// KmtWorkerPipeline.Configure the app's Program.cs calls) and composes them around the invocation.
/// </summary>
internal sealed class DevWorkerApplicationBuilder(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];

    public IServiceCollection Services { get; } = services;

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>First registered runs outermost, as in the worker.</summary>
    public FunctionExecutionDelegate Build(FunctionExecutionDelegate invokeFunction) =>
        Enumerable.Reverse(_middleware).Aggregate(invokeFunction, (next, middleware) => middleware(next));
}
