namespace Kmt.Functions.OpenApi;

/// <summary>
/// The body a function reads (functions read it from HttpRequest, so their signature does not say).
/// The OpenAPI document (docs/api.md, "OpenAPI") describes it from this type.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiRequestAttribute(Type bodyType) : Attribute
{
    public Type BodyType { get; } = bodyType;

    /// <summary>application/json unless the function reads something else (multipart/form-data, a raw file).</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>False when an empty body is allowed.</summary>
    public bool Required { get; init; } = true;
}
