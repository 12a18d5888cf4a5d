namespace Kmt.Core.Graph;

/// <summary>Marks one edge record superseded at <paramref name="ExpiredAt"/>; a record already expired keeps its first expiry.</summary>
public sealed record EdgeExpiration(string EdgeId, DateTimeOffset ExpiredAt);
