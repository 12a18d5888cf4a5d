namespace Kmt.Core.Graph;

/// <summary>GET graph query parameters, raw, so the use case validates them all in one place.</summary>
public sealed record GraphRequest(string? AsOf = null, string? KnownAt = null, string? Center = null, string? Depth = null, string? Limit = null);
