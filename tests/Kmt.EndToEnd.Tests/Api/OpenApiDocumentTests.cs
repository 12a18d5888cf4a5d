using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Kmt.DevHost.Hosting;
using Kmt.EndToEnd.Tests.Hosting;
using Kmt.EndToEnd.Tests.Infrastructure;
using Kmt.Functions.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>
/// GET api/openapi.json is generated from the functions: it must describe exactly the HTTP functions
/// the Functions host indexes (functions.metadata), no more and no fewer, with their methods.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class OpenApiDocumentTests(DevHostFixture host)
{
    [Fact]
    public async Task The_document_has_one_operation_per_function_and_method_and_no_route_that_does_not_exist()
    {
        var json = await OpenApiDocumentBuilder.ToJsonAsync(OpenApiDocumentBuilder.Build(DevHostApp.FunctionAppAssembly));
        var described = (
            from path in JsonNode.Parse(json)!["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where operation.Key is "get" or "post" or "put" or "patch" or "delete" or "head" or "options"
            select (Path: path.Key, Method: operation.Key, Id: operation.Value!["operationId"]!.GetValue<string>()))
            .ToArray();

        var indexed = FunctionsMetadataTests.ReadHttpFunctionsFromMetadata()
            .SelectMany(f => f.Value.Methods.Split(',').Select(m => (Path: "/api/" + StripConstraints(f.Value.Route), Method: m, Name: f.Key)))
            .ToArray();

        Assert.NotEmpty(indexed);
        Assert.Equal(indexed.Select(f => $"{f.Method} {f.Path}").Order(), described.Select(d => $"{d.Method} {d.Path}").Order());
        Assert.Equal(indexed.Select(f => f.Name).Distinct().Order(), described.Select(d => d.Id).Distinct().Order());
    }

    [Fact]
    public void Every_http_function_says_what_it_answers()
    {
        var missing = OpenApiDocumentBuilder.HttpOperations(DevHostApp.FunctionAppAssembly)
            .Where(f => f.Method.GetCustomAttribute<ApiResponseAttribute>() is null)
            .Select(f => f.Name)
            .ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task The_served_document_is_valid_OpenAPI_3_1_with_the_envelope_bearer_auth_and_models()
    {
        using var anonymous = host.CreateClient();
        var response = (await anonymous.GetAsync("/api/openapi.json")).Expect(HttpStatusCode.OK);

        var read = OpenApiDocument.Parse(response.Text, "json", new OpenApiReaderSettings());
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.StartsWith("3.1", response.Json!["openapi"]!.GetValue<string>(), StringComparison.Ordinal);

        var document = read.Document!;
        Assert.Equal(SecuritySchemeType.Http, document.Components!.SecuritySchemes!["bearer"].Type);
        var create = document.Paths["/api/v1/knowledge"].Operations![HttpMethod.Post];
        Assert.NotEmpty(create.Security!);
        Assert.NotNull(create.RequestBody!.Content!["application/json"].Schema);
        var created = create.Responses!["201"].Content!["application/json"].Schema!;
        Assert.Contains("meta", created.Properties!.Keys);
        Assert.Contains("title", document.Components.Schemas!["KnowledgeItemResponse"].Properties!.Keys);
        Assert.Contains("VALIDATION_ERROR", document.Components.Schemas!["ApiError"].Properties!["code"].Enum!.Select(e => e!.GetValue<string>()));

        var login = document.Paths["/api/v1/auth/login"].Operations![HttpMethod.Post];
        Assert.Empty(login.Security!);
        var item = document.Paths["/api/v1/knowledge/{id}"].Operations![HttpMethod.Get];
        Assert.Contains(item.Parameters!, p => p.Name == "id" && p.In == ParameterLocation.Path && p.Required);
        var list = document.Paths["/api/v1/knowledge"].Operations![HttpMethod.Get];
        Assert.Contains(list.Parameters!, p => p.Name == "tag" && p.In == ParameterLocation.Query);
        Assert.Contains("pagination", list.Responses!["200"].Content!["application/json"].Schema!.Properties!.Keys);
    }

    private static string StripConstraints(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?([A-Za-z_][A-Za-z0-9_]*)[^}]*\}", "{$1}");
}
