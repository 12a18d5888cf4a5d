using System.Text.Json;
using Kmt.Core.Graph;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Graph;

/// <summary>Column lists, binding and reading of graph_vertices and graph_edges rows.</summary>
internal static class GraphRows
{
    private static readonly JsonSerializerOptions MergeJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public const string VertexColumns =
        "user_id, id, kind, name, normalized_name, category, aliases, merged_into_id, merged_at, source_etag, valid_from, valid_to, recorded_at, updated_at, merges";

    public const string EdgeColumns =
        "user_id, id, label, from_id, to_id, weight, count, relationship_type, strength, metadata, evidence, valid_from, valid_to, recorded_at, expired_at, updated_at";

    /// <summary>The record is visible at valid time @asOf as known at @knownAt (<see cref="GraphEdge.IsVisible"/>).</summary>
    public const string EdgeVisible =
        "recorded_at <= @knownAt AND (expired_at IS NULL OR expired_at > @knownAt) AND valid_from <= @asOf AND (valid_to IS NULL OR valid_to > @asOf)";

    /// <summary>The vertex is visible at @asOf as known at @knownAt (<see cref="GraphVertex.IsVisible"/>).</summary>
    public const string VertexVisible =
        "recorded_at <= @knownAt AND valid_from <= @asOf AND (valid_to IS NULL OR valid_to > @asOf)";

    public static void BindVertex(SqliteCommand command, GraphVertex v) => command
        .Param("@u", v.UserId).Param("@id", v.Id).Param("@kind", v.Kind).Param("@name", v.Name)
        .Param("@norm", v.NormalizedName).Param("@category", v.Category).Param("@aliases", SqliteValues.TagsJson(v.Aliases))
        .Param("@merged", v.MergedIntoId).Param("@mergedAt", SqliteValues.Time(v.MergedAt)).Param("@etag", v.SourceETag)
        .Param("@validFrom", SqliteValues.Time(v.ValidFrom)).Param("@validTo", SqliteValues.Time(v.ValidTo))
        .Param("@recorded", SqliteValues.Time(v.RecordedAt)).Param("@updated", SqliteValues.Time(v.UpdatedAt))
        .Param("@merges", JsonSerializer.Serialize(v.Merges, MergeJson));

    public static void BindEdge(SqliteCommand command, GraphEdge e) => command
        .Param("@u", e.UserId).Param("@id", e.Id).Param("@label", e.Label).Param("@from", e.FromId).Param("@to", e.ToId)
        .Param("@weight", e.Weight).Param("@count", e.Count).Param("@type", e.RelationshipType).Param("@strength", e.Strength)
        .Param("@metadata", e.MetadataJson).Param("@evidence", SqliteValues.TagsJson(e.Evidence))
        .Param("@validFrom", SqliteValues.Time(e.ValidFrom)).Param("@validTo", SqliteValues.Time(e.ValidTo))
        .Param("@recorded", SqliteValues.Time(e.RecordedAt)).Param("@expired", SqliteValues.Time(e.ExpiredAt))
        .Param("@updated", SqliteValues.Time(e.UpdatedAt));

    public static GraphVertex ReadVertex(SqliteDataReader r) => new()
    {
        UserId = r.GetString(0),
        Id = r.GetString(1),
        Kind = r.GetString(2),
        Name = r.GetString(3),
        NormalizedName = r.GetNullableString(4),
        Category = r.GetNullableString(5),
        Aliases = SqliteValues.ParseTags(r.GetString(6)),
        MergedIntoId = r.GetNullableString(7),
        MergedAt = r.GetNullableTime(8),
        SourceETag = r.GetNullableString(9),
        ValidFrom = r.GetTime(10),
        ValidTo = r.GetNullableTime(11),
        RecordedAt = r.GetTime(12),
        UpdatedAt = r.GetTime(13),
        Merges = r.GetString(14) is "[]" ? [] : JsonSerializer.Deserialize<List<EntityMerge>>(r.GetString(14), MergeJson) ?? [],
    };

    public static GraphEdge ReadEdge(SqliteDataReader r) => new()
    {
        UserId = r.GetString(0),
        Id = r.GetString(1),
        Label = r.GetString(2),
        FromId = r.GetString(3),
        ToId = r.GetString(4),
        Weight = r.GetDouble(5),
        Count = r.GetNullableInt32(6),
        RelationshipType = r.GetNullableString(7),
        Strength = r.IsDBNull(8) ? null : r.GetDouble(8),
        MetadataJson = r.GetString(9),
        Evidence = SqliteValues.ParseTags(r.GetString(10)),
        ValidFrom = r.GetTime(11),
        ValidTo = r.GetNullableTime(12),
        RecordedAt = r.GetTime(13),
        ExpiredAt = r.GetNullableTime(14),
        UpdatedAt = r.GetTime(15),
    };

    public static async Task<List<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
