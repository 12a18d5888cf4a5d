using Kmt.Functions.Middleware;
using Microsoft.Azure.Functions.Worker;

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
        app.UseWhen<ErrorEnvelopeMiddleware>(FunctionContextExtensions.IsHttpTrigger);
        app.UseWhen<AuthenticationMiddleware>(FunctionContextExtensions.IsHttpTrigger);
        app.UseWhen<RateLimitMiddleware>(FunctionContextExtensions.IsHttpTrigger);
    }
}
