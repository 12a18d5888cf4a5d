namespace Kmt.Core.Knowledge;

/// <summary>Which item of which user: the address of a graph change.</summary>
public sealed record ItemKey(string UserId, string ItemId);
