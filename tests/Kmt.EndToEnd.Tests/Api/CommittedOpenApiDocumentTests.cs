using Kmt.DevHost.Hosting;
using Kmt.EndToEnd.Tests.Hosting;
using Kmt.Functions.OpenApi;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>
/// web/openapi.json is the OpenAPI document the web client's types are generated from (web/README.md,
/// `npm run gen:api`), committed so the client builds without a running host. It must be exactly what
/// the functions generate: a changed route or model fails here until the file, and then the client's
/// generated types, are regenerated. KMT_WRITE_OPENAPI=1 rewrites the file instead of failing.
/// </summary>
public sealed class CommittedOpenApiDocumentTests
{
    public const string WriteVariable = "KMT_WRITE_OPENAPI";

    [Fact]
    public async Task The_web_clients_openapi_json_is_the_document_the_functions_generate()
    {
        var generated = Normalize(await OpenApiDocumentBuilder.ToJsonAsync(OpenApiDocumentBuilder.Build(DevHostApp.FunctionAppAssembly)));
        var path = Path.Combine(FunctionsMetadataTests.RepositoryRoot(), "web", "openapi.json");
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run this test with {WriteVariable}=1, then `npm run gen:api --prefix web`.");
        var committed = Normalize(await File.ReadAllTextAsync(path));
        Assert.True(
            committed == generated,
            $"web/openapi.json is stale: run `{WriteVariable}=1 dotnet test tests/Kmt.EndToEnd.Tests --filter CommittedOpenApiDocument`, "
            + "then `npm run gen:api --prefix web`, and commit both files.");
    }

    private static string Normalize(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
}
