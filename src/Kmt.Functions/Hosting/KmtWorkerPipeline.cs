using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kmt.Functions.Hosting;

public static class KmtWorkerPipeline
{
    public static void Configure(IFunctionsWorkerApplicationBuilder app)
    {
    }
}

public static class KmtServiceCollectionExtensions
{
    public static IServiceCollection AddKmtFunctionApp(this IServiceCollection services, IConfiguration configuration) => services;
}
