using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Functions.Middleware;

/// <summary>
/// Every HTTP function needs a valid bearer access token unless it is marked
/// <see cref="Http.PublicEndpointAttribute"/>, checked by the active <see cref="IAccessTokenAuthenticator"/>.
/// Function keys are not used: end users hold tokens, not keys.
/// </summary>
public sealed class AuthenticationMiddleware(EndpointPolicies policies) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (!policies.For(context.FunctionDefinition).IsPublic)
        {
            var token = BearerToken(context.RequireHttpContext().Request.Headers.Authorization.ToString())
                ?? throw KmtException.Unauthorized("Send an access token: Authorization: Bearer <access_token>.");
            // Local mode: KMT's own tokens; Entra mode: Microsoft Entra ID's (Kmt:Auth:Mode).
            var auth = context.InstanceServices.GetRequiredService<IAccessTokenAuthenticator>();
            context.SetCaller(await auth.AuthenticateAsync(token, context.CancellationToken));
        }

        await next(context);
    }

    private static string? BearerToken(string header)
    {
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
