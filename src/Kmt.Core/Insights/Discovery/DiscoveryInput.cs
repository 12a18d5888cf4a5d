namespace Kmt.Core.Insights.Discovery;

/// <summary>Everything the discovery rules read, gathered once per step (so they are pure functions of it).</summary>
public sealed record DiscoveryInput(DateTimeOffset AsOf, IReadOnlyList<DiscoveryItem> Items, IReadOnlyList<DiscoverySearch> Searches);
