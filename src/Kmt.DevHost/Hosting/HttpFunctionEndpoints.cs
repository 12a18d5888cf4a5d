using Kmt.DevHost.Functions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Kmt.DevHost.Hosting;

/// <summary>
/// Serves each HTTP function at its own route, running the function app's worker middleware around it,
/// then writes the invocation result the way the Functions ASP.NET Core integration does.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public static IReadOnlyList<HttpFunction> MapHttpFunctions(this WebApplication app, IReadOnlyList<HttpFunction> functions, FunctionExecutionDelegate pipelineEntry)
    {
        foreach (var function in functions)
        {
            var definition = new DevFunctionDefinition(function);
            app.MapMethods(function.RouteTemplate, function.Methods, async http =>
            {
                // ASP.NET Core already gives each request its own DI scope (RequestServices): the
                // invocation's services, as the worker's per-invocation scope is in Azure; a second
                // scope per request would only add work the Functions host does not do.
                var context = new DevFunctionContext(definition, http, http.RequestServices);
                context.Items[typeof(DevInvocation)] = new DevInvocation(function, http.Request, http.Request.RouteValues);
                await pipelineEntry(context);
                await WriteResultAsync(http, context.InvocationResult);
            }).WithDisplayName(function.Name);
        }

        return functions;
    }


    private static async Task WriteResultAsync(HttpContext http, object? result)
    {
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult minimal:
                await minimal.ExecuteAsync(http);
                break;
            case null:
                break;
            default:
                throw new InvalidOperationException($"The DevHost does not know how to write a {result.GetType().Name} result.");
        }
    }
}
