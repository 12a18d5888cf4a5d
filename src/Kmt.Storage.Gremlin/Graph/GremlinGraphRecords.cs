using System.Globalization;
using System.Text.Json;
using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Results;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// How a graph record is laid out on Cosmos DB for Apache Gremlin (docs/design/graph.md, "The graph
/// store"). Cosmos stores no nulls and cannot remove a property in the same step that writes the others,
/// so what a query filters on is a property of its own (times as epoch milliseconds, an open end as
/// <see cref="Open"/>; normalised name and aliases for entity lookup) and everything else, nullable
/// fields and the exact times (ticks) included, travels in one JSON property <c>body</c> that a write
/// replaces whole. Core derives edge ids from exact times (GraphIds), so a round trip must keep ticks;
/// the millisecond filters select a superset that the store then narrows with the exact times.
/// </summary>
internal static class GremlinGraphRecords
{
    /// <summary>9999-12-31T23:59:59.999Z: an interval that has not ended. Exact in a JSON double, so comparisons stay exact.</summary>
    public const long Open = 253_402_300_799_999L;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static long Time(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long Time(DateTimeOffset? value) => value is { } v ? Time(v) : Open;

    /// <summary>A time exactly (100 ns ticks, as text: a JSON number loses them), for round trips; the filter properties hold milliseconds.</summary>
    public static string Exact(DateTimeOffset value) => value.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static string VertexBody(GraphVertex vertex) => JsonSerializer.Serialize(
        new VertexDocument(vertex.Name, vertex.NormalizedName, vertex.Category, [.. vertex.Aliases], vertex.MergedIntoId, vertex.MergedAt?.UtcTicks, vertex.SourceETag, vertex.UpdatedAt.UtcTicks,
            vertex.ValidFrom.UtcTicks, vertex.ValidTo?.UtcTicks, vertex.RecordedAt.UtcTicks,
            vertex.Merges.Count == 0 ? null : [.. vertex.Merges]),
        Json);

    public static string EdgeBody(GraphEdge edge) => JsonSerializer.Serialize(
        new EdgeDocument(edge.Weight, edge.Count, edge.RelationshipType, edge.Strength, edge.MetadataJson, [.. edge.Evidence], edge.UpdatedAt.UtcTicks,
            edge.ValidFrom.UtcTicks, edge.ValidTo?.UtcTicks, edge.RecordedAt.UtcTicks),
        Json);

    /// <summary>The values of the multi-valued <c>alias</c> property: the aliases, or one empty string (a property needs a value; lookups ignore it).</summary>
    public static IReadOnlyList<string> AliasValues(GraphVertex vertex) => vertex.Aliases.Count > 0 ? vertex.Aliases : [string.Empty];

    public static GraphVertex ReadVertex(object? item, string userId)
    {
        var v = item as GremlinVertex ?? throw new InvalidDataException($"Expected a vertex, got {item?.GetType().Name ?? "null"}.");
        var body = JsonSerializer.Deserialize<VertexDocument>(String(v.Value(GremlinGraphVocabulary.Body), "body"), Json)
            ?? throw new InvalidDataException("A vertex without its body.");
        return new GraphVertex
        {
            Id = Convert.ToString(v.Id, CultureInfo.InvariantCulture)!,
            UserId = userId,
            Kind = v.Label,
            Name = body.Name,
            NormalizedName = body.NormalizedName,
            Category = body.Category,
            Aliases = body.Aliases ?? [],
            MergedIntoId = body.MergedIntoId,
            MergedAt = body.MergedAt is { } m ? FromTicks(m) : null,
            SourceETag = body.SourceETag,
            ValidFrom = FromTicks(body.ValidFrom),
            ValidTo = body.ValidTo is { } to ? FromTicks(to) : null,
            RecordedAt = FromTicks(body.RecordedAt),
            UpdatedAt = FromTicks(body.UpdatedAt),
            Merges = body.Merges ?? [],
        };
    }

    public static GraphEdge ReadEdge(object? item, string userId)
    {
        var e = item as GremlinEdge ?? throw new InvalidDataException($"Expected an edge, got {item?.GetType().Name ?? "null"}.");
        var body = JsonSerializer.Deserialize<EdgeDocument>(String(e.Properties.GetValueOrDefault(GremlinGraphVocabulary.Body), "body"), Json)
            ?? throw new InvalidDataException("An edge without its body.");
        return new GraphEdge
        {
            Id = Convert.ToString(e.Id, CultureInfo.InvariantCulture)!,
            UserId = userId,
            Label = e.Label,
            FromId = Convert.ToString(e.OutV, CultureInfo.InvariantCulture)!,
            ToId = Convert.ToString(e.InV, CultureInfo.InvariantCulture)!,
            Weight = body.Weight,
            Count = body.Count,
            RelationshipType = body.RelationshipType,
            Strength = body.Strength,
            MetadataJson = body.Metadata ?? "{}",
            Evidence = body.Evidence ?? [],
            ValidFrom = FromTicks(body.ValidFrom),
            ValidTo = body.ValidTo is { } to ? FromTicks(to) : null,
            RecordedAt = FromTicks(body.RecordedAt),
            ExpiredAt = e.Properties.GetValueOrDefault(GremlinGraphVocabulary.ExpiredExact) is string { Length: > 0 } exact
                ? FromTicks(long.Parse(exact, CultureInfo.InvariantCulture))
                : OpenOrTime(Number(e.Properties.GetValueOrDefault(GremlinGraphVocabulary.ExpiredAt), "expired_at")),
            UpdatedAt = FromTicks(body.UpdatedAt),
        };
    }

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    private static DateTimeOffset FromTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OpenOrTime(long ms) => ms >= Open ? null : FromTime(ms);

    private static string String(object? value, string key) =>
        value as string ?? throw new InvalidDataException($"The graph record has no string '{key}'.");

    /// <summary>Cosmos may hand a whole number back as a double: read either.</summary>
    private static long Number(object? value, string key) => value switch
    {
        long l => l,
        double d => (long)Math.Round(d),
        int i => i,
        _ => throw new InvalidDataException($"The graph record has no number '{key}'."),
    };

    // Times in ticks: JSON numbers here are System.Text.Json's (exact longs); Cosmos keeps the body as one string.
    private sealed record VertexDocument(string Name, string? NormalizedName, string? Category, string[]? Aliases, string? MergedIntoId, long? MergedAt, string? SourceETag, long UpdatedAt, long ValidFrom, long? ValidTo, long RecordedAt, EntityMerge[]? Merges = null);

    private sealed record EdgeDocument(double Weight, int? Count, string? RelationshipType, double? Strength, string? Metadata, string[]? Evidence, long UpdatedAt, long ValidFrom, long? ValidTo, long RecordedAt);
}
