using Kmt.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddKmtFunctionApp(builder.Configuration);
KmtWorkerPipeline.Configure(builder);
builder.Build().Run();
