using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmt.Core.Common;
using Kmt.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace Kmt.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document of the function app from the functions themselves: every method
/// with [Function] and an [HttpTrigger] parameter becomes an operation at "/api/" + its route, with
/// the route's methods, path parameters, [ApiQuery], [ApiRequest] and [ApiResponse] (docs/api.md,
/// "OpenAPI"). Nothing is kept by hand beside the functions, so the document cannot drift from them.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    public const string BearerScheme = "bearer";

    /// <summary>One HTTP function as the document sees it.</summary>
    public sealed record HttpOperation(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods);

    /// <summary>The HTTP functions of <paramref name="functionApp"/>, found by the attributes the Functions SDK indexes.</summary>
    public static IReadOnlyList<HttpOperation> HttpOperations(Assembly functionApp) =>
        (from type in functionApp.GetTypes()
         from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
         let function = method.GetCustomAttribute<FunctionAttribute>()
         where function is not null
         let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
         where trigger is not null
         let methods = (trigger.Methods ?? ["get", "post", "put", "patch", "delete", "head", "options"]).Select(m => m.ToLowerInvariant()).ToArray()
         orderby trigger.Route ?? function.Name, function.Name
         select new HttpOperation(function.Name, method, trigger.Route ?? function.Name, methods)).ToArray();

    public static OpenApiDocument Build(Assembly functionApp)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "KMT (Knowledge Metabolism Tracker) API",
                Version = ApiResult.ApiVersion,
                Description = "Every JSON answer is an envelope: {success, data, meta, pagination?} or {success: false, error, meta}. See docs/api.md.",
            },
            Paths = new OpenApiPaths(),
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "An access token from POST /api/v1/auth/login (or Microsoft Entra ID when configured).",
                    },
                },
            },
            Tags = new HashSet<OpenApiTag>(),
        };
        var schemas = new JsonSchemaMapper(document);
        AddEnvelopeSchemas(document, schemas);
        var docs = XmlDocs.Load(functionApp);

        foreach (var operation in HttpOperations(functionApp))
        {
            var path = "/api/" + RouteParameter().Replace(operation.Route, m => "{" + m.Groups["name"].Value + "}");
            if (!document.Paths.TryGetValue(path, out var pathItem))
            {
                pathItem = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation>() };
                document.Paths[path] = pathItem;
            }

            var tag = Tag(operation.Method.DeclaringType!);
            document.Tags.Add(new OpenApiTag { Name = tag });
            foreach (var verb in operation.Methods)
            {
                var op = Operation(document, schemas, operation, tag, docs);
                op.OperationId = operation.Methods.Count == 1 ? operation.Name : $"{operation.Name}_{verb}";
                ((OpenApiPathItem)pathItem).Operations![HttpMethod.Parse(verb)] = op;
            }
        }

        return document;
    }

    /// <summary>The document as OpenAPI 3.1 JSON.</summary>
    public static Task<string> ToJsonAsync(OpenApiDocument document, CancellationToken cancellationToken = default) =>
        document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);

    private static OpenApiOperation Operation(OpenApiDocument document, JsonSchemaMapper schemas, HttpOperation function, string tag, XmlDocs docs)
    {
        var method = function.Method;
        var op = new OpenApiOperation
        {
            Summary = function.Name.Replace('_', ' '),
            Description = docs.Summary(method),
            Tags = new HashSet<OpenApiTagReference> { new(tag, document) },
            Parameters = [],
            Responses = new OpenApiResponses(),
        };

        foreach (Match match in RouteParameter().Matches(function.Route))
        {
            op.Parameters.Add(new OpenApiParameter
            {
                Name = match.Groups["name"].Value,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var name in method.GetCustomAttributes<ApiQueryAttribute>().SelectMany(q => q.Names))
        {
            op.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }

        if (method.GetCustomAttribute<ApiRequestAttribute>() is { } request)
        {
            op.RequestBody = new OpenApiRequestBody
            {
                Required = request.Required,
                Content = new Dictionary<string, OpenApiMediaType> { [request.ContentType] = new() { Schema = BodySchema(schemas, request) } },
            };
        }

        foreach (var response in method.GetCustomAttributes<ApiResponseAttribute>())
        {
            op.Responses[response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = response.Description ?? "Success.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [response.RawContentType ?? "application/json"] = new() { Schema = response.RawContentType is null ? Envelope(document, schemas, response) : new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }

        op.Responses["default"] = new OpenApiResponse
        {
            Description = "An error: 400 VALIDATION_ERROR, 401 UNAUTHORIZED, 403 FORBIDDEN or CONSENT_REQUIRED, 404 NOT_FOUND (also for other people's data), "
                + "409 CONFLICT, 412 PRECONDITION_FAILED (stale If-Match), 413, 415, 429 RATE_LIMITED (Retry-After), 500.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ErrorEnvelope), document) } },
        };

        // Public functions say so with an empty requirement; the rest inherit nothing and need the bearer token.
        op.Security = method.GetCustomAttribute<PublicEndpointAttribute>() is not null
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        return op;
    }

    private static IOpenApiSchema BodySchema(JsonSchemaMapper schemas, ApiRequestAttribute request) =>
        request.ContentType.StartsWith("application/json", StringComparison.Ordinal) || request.ContentType.EndsWith("+json", StringComparison.Ordinal)
            ? schemas.SchemaFor(request.BodyType)
            : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };

    private static OpenApiSchema Envelope(OpenApiDocument document, JsonSchemaMapper schemas, ApiResponseAttribute response)
    {
        // An ad-hoc object ({"marked": n}) says it has properties, so generated clients do not type it as empty.
        IOpenApiSchema data = response.DataType is null
            ? new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema(), Description = response.Description }
            : schemas.SchemaFor(response.DataType);
        if (response.Paged)
        {
            data = new OpenApiSchema { Type = JsonSchemaType.Array, Items = data };
        }

        var envelope = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "success", "data", "meta" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["success"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Enum = [JsonValue.Create(true)] },
                ["data"] = data,
                ["meta"] = new OpenApiSchemaReference(nameof(ApiMeta), document),
            },
        };
        if (response.Paged)
        {
            envelope.Required.Add("pagination");
            envelope.Properties["pagination"] = new OpenApiSchemaReference(nameof(ApiPagination), document);
        }

        return envelope;
    }

    private static void AddEnvelopeSchemas(OpenApiDocument document, JsonSchemaMapper schemas)
    {
        schemas.SchemaFor(typeof(ApiMeta));
        schemas.SchemaFor(typeof(ApiPagination));
        schemas.SchemaFor(typeof(ErrorEnvelope));
        var codes = Enum.GetValues<ErrorCode>().Select(c => (JsonNode)JsonValue.Create(c.ToWireName())!).ToList();
        var error = (OpenApiSchema)document.Components!.Schemas![nameof(ApiError)];
        error.Properties!["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = codes };
        error.Properties["details"] = new OpenApiSchema { Description = "Which field was wrong and why, or other facts about the error." };
        error.Required!.Remove("details");
    }

    private static string Tag(Type functionClass) =>
        functionClass.Name.EndsWith("Functions", StringComparison.Ordinal) ? functionClass.Name[..^"Functions".Length]
        : functionClass.Name.EndsWith("Function", StringComparison.Ordinal) ? functionClass.Name[..^"Function".Length]
        : functionClass.Name;

    /// <summary>"{id}", "{id:guid}", "{id?}", "{*rest}": the parameter's name.</summary>
    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>The summaries of the build's XML documentation file, when it ships beside the assembly.</summary>
    private sealed class XmlDocs(Dictionary<string, string> summaries)
    {
        public static XmlDocs Load(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path))
            {
                return new XmlDocs([]);
            }

            var summaries = XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
                .GroupBy(m => m.Attribute("name")!.Value)
                .ToDictionary(g => g.Key, g => Normalize(g.First().Element("summary")!));
            return new XmlDocs(summaries);
        }

        public string? Summary(MethodInfo method)
        {
            var prefix = $"M:{method.DeclaringType!.FullName}.{method.Name}(";
            return summaries.FirstOrDefault(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;
        }

        private static string Normalize(XElement summary) =>
            Regex.Replace(string.Concat(summary.Nodes().Select(n => n is XElement e ? (e.Attribute("cref")?.Value.Split('.')[^1] ?? e.Value) : n.ToString())), @"\s+", " ").Trim();
    }
}
