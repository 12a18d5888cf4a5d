namespace Kmt.Functions.OpenApi;

/// <summary>Query parameters a function reads from HttpRequest.Query (all optional strings unless the route says otherwise).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiQueryAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
