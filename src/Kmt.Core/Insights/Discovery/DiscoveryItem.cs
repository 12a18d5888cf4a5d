namespace Kmt.Core.Insights.Discovery;

/// <summary>What the discovery steps know of one item at the run's as-of time.</summary>
/// <param name="Vector">The normalised mean of its chunk embeddings (null when it has none yet).</param>
/// <param name="Accesses">When it was opened (reading sessions and its last access).</param>
public sealed record DiscoveryItem(
    string Id,
    string Title,
    IReadOnlyList<string> Tags,
    int WordCount,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DateTimeOffset> Accesses,
    double Importance,
    float[]? Vector);
