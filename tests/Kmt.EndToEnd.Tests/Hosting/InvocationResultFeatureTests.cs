using Kmt.DevHost.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>
/// Middleware answer requests through GetInvocationResult(), which reads a worker-internal interface.
/// If a worker upgrade renames or reshapes it, this fails before any request does.
/// </summary>
public sealed class InvocationResultFeatureTests
{
    [Fact]
    public void GetInvocationResult_reads_and_writes_the_DevHost_result()
    {
        var function = FunctionCatalog.HttpFunctions(Kmt.DevHost.Hosting.DevHostApp.FunctionAppAssembly).First(f => f.Name == "Health");
        var http = new DefaultHttpContext();
        var context = new DevFunctionContext(new DevFunctionDefinition(function), http, new ServiceCollection().BuildServiceProvider());
        var result = new OkResult();

        context.GetInvocationResult().Value = result;

        Assert.Same(result, context.InvocationResult);
        Assert.Same(result, context.GetInvocationResult().Value);
        Assert.Same(http, context.GetHttpContext());
    }
}
