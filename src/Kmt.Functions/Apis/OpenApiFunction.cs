using Kmt.Functions.Http;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.Functions.Apis;

/// <summary>
/// GET api/openapi.json: the OpenAPI 3.1 document of every route, built from the functions
/// themselves (docs/api.md, "OpenAPI"). Public, so clients can generate their SDKs from it; built once
/// per process because the functions cannot change while it runs.
/// </summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<Task<string>> Document = new(() => OpenApiDocumentBuilder.ToJsonAsync(OpenApiDocumentBuilder.Build(typeof(OpenApiFunction).Assembly)));

    /// <summary>The OpenAPI 3.1 document (JSON, not in the envelope).</summary>
    [Function("OpenApi_Document"), PublicEndpoint, RateLimited(RateLimitPolicy.Health)]
    [ApiResponse(200, RawContentType = "application/json", Description = "The OpenAPI 3.1 document itself.")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        new ContentResult { Content = await Document.Value, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
