using System.Collections.Concurrent;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Middleware;

public static class KmtFunctionContextExtensions
{
    private const string CallerKey = "kmt.caller";

    // A function's bindings do not change while the worker runs; each UseWhen asks on every invocation.
    private static readonly ConcurrentDictionary<string, bool> HttpTriggers = new(StringComparer.Ordinal);

    public static bool IsHttpTrigger(this FunctionContext context)
    {
        var definition = context.FunctionDefinition;
        if (definition.Id is not { } id)
        {
            return HasHttpTrigger(definition);
        }

        return HttpTriggers.TryGetValue(id, out var isHttp) ? isHttp : HttpTriggers[id] = HasHttpTrigger(definition);
    }

    private static bool HasHttpTrigger(FunctionDefinition definition) =>
        definition.InputBindings.Values.Any(b => string.Equals(b.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));

    /// <summary>The signed-in user, set by <see cref="AuthenticationMiddleware"/> for every non-public function.</summary>
    public static AuthenticatedUser GetCaller(this FunctionContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller) && caller is AuthenticatedUser user
            ? user
            : throw KmtException.Unauthorized();

    public static AuthenticatedUser? FindCaller(this FunctionContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller) ? caller as AuthenticatedUser : null;

    internal static void SetCaller(this FunctionContext context, AuthenticatedUser caller) => context.Items[CallerKey] = caller;

    public static HttpContext RequireHttpContext(this FunctionContext context) =>
        context.GetHttpContext() ?? throw new InvalidOperationException($"Function {context.FunctionDefinition.Name} has no HTTP context.");

    /// <summary>
    /// Answers the request from middleware without running the function: the host's HTTP integration
    /// (and the DevHost) execute the invocation result as the response.
    /// </summary>
    public static void Respond(this FunctionContext context, IActionResult result) => context.GetInvocationResult().Value = result;

    public static ClientInfo GetClientInfo(this FunctionContext context, string? clientIpHeader)
    {
        var http = context.RequireHttpContext();
        return new ClientInfo(ClientAddress.Of(http, clientIpHeader), http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? TextCut.Head(ua, 512) : null);
    }
}
