using Kmt.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace Kmt.Functions.Hosting;

/// <summary>
/// The worker middleware, in order. Program.cs calls this after ConfigureFunctionsWebApplication (so the
/// host's HTTP proxying stays outermost) and the DevHost calls the same method, so the same middleware
/// run in the same order in Azure and locally.
/// </summary>
public static class KmtWorkerPipeline
{
    public static void Configure(IFunctionsWorkerApplicationBuilder app)
    {
        app.UseWhen<ErrorEnvelopeMiddleware>(KmtFunctionContextExtensions.IsHttpTrigger);
        app.UseWhen<AuthenticationMiddleware>(KmtFunctionContextExtensions.IsHttpTrigger);
        app.UseWhen<RateLimitMiddleware>(KmtFunctionContextExtensions.IsHttpTrigger);
    }
}
