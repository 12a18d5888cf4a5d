namespace Kmt.Core.Insights.Discovery;

/// <summary>A recent read, capture or search that makes an item relevant now.</summary>
/// <param name="Kind">"read", "capture" or "search".</param>
/// <param name="ItemId">The item read or captured (null for a search).</param>
/// <param name="Text">The item's title or the search's query.</param>
public sealed record RelevanceContext(string Kind, string? ItemId, string Text, double Similarity);
