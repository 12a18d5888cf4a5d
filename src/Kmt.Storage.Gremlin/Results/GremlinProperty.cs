namespace Kmt.Storage.Gremlin.Results;

/// <summary>An edge property or a bare property (g:Property) returned by properties().</summary>
public sealed record GremlinProperty(string Key, object? Value);
