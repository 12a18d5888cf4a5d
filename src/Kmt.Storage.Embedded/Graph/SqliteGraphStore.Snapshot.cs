using Kmt.Core.Graph;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Graph;

/// <summary>Snapshots: a breadth-first walk of at most 32 hops (one indexed query per hop), or the newest vertices of the whole graph.</summary>
public sealed partial class SqliteGraphStore
{
    public async Task<GraphSnapshot> QueryAsync(GraphSnapshotQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var labels = query.Labels is { Count: > 0 } l ? SqliteValues.TagsJson(l.ToList()) : null;
        var (vertices, truncated) = query.CenterId is null
            ? await WholeGraphAsync(connection, query, cancellationToken).ConfigureAwait(false)
            : await NeighbourhoodAsync(connection, query, labels, cancellationToken).ConfigureAwait(false);
        if (vertices.Count == 0)
        {
            return new GraphSnapshot([], [], truncated);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {GraphRows.EdgeColumns} FROM graph_edges
            WHERE user_id = @u AND {GraphRows.EdgeVisible} AND (@labels IS NULL OR label IN (SELECT value FROM json_each(@labels)))
              AND from_id IN (SELECT value FROM json_each(@ids)) AND to_id IN (SELECT value FROM json_each(@ids))
            ORDER BY id
            """;
        BindTimes(command, query).Param("@labels", labels).Param("@ids", SqliteValues.TagsJson(vertices.Select(v => v.Id).ToList()));
        var edges = await GraphRows.ReadAllAsync(command, GraphRows.ReadEdge, cancellationToken).ConfigureAwait(false);
        return new GraphSnapshot(vertices, edges, truncated);
    }

    private static async Task<(List<GraphVertex>, bool)> WholeGraphAsync(SqliteConnection connection, GraphSnapshotQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {GraphRows.VertexColumns} FROM graph_vertices
            WHERE user_id = @u AND {GraphRows.VertexVisible}
            ORDER BY valid_from DESC, id LIMIT @take
            """;
        BindTimes(command, query).Param("@take", query.Limit + 1);
        var vertices = await GraphRows.ReadAllAsync(command, GraphRows.ReadVertex, cancellationToken).ConfigureAwait(false);
        var truncated = vertices.Count > query.Limit;
        return (truncated ? vertices[..query.Limit] : vertices, truncated);
    }

    private static async Task<(List<GraphVertex>, bool)> NeighbourhoodAsync(SqliteConnection connection, GraphSnapshotQuery query, string? labels, CancellationToken cancellationToken)
    {
        var center = await VisibleVerticesAsync(connection, query, [query.CenterId!], cancellationToken).ConfigureAwait(false);
        var result = new List<GraphVertex>(center);
        var seen = center.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var frontier = seen.ToList();
        var depth = Math.Clamp(query.Depth, 1, GraphSnapshotQuery.MaxDepth);
        for (var hop = 0; hop < depth && frontier.Count > 0 && result.Count <= query.Limit; hop++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT to_id FROM graph_edges INDEXED BY ix_graph_edges_from
                WHERE user_id = @u AND {GraphRows.EdgeVisible} AND (@labels IS NULL OR label IN (SELECT value FROM json_each(@labels)))
                  AND from_id IN (SELECT value FROM json_each(@ids))
                UNION
                SELECT from_id FROM graph_edges INDEXED BY ix_graph_edges_to
                WHERE user_id = @u AND {GraphRows.EdgeVisible} AND (@labels IS NULL OR label IN (SELECT value FROM json_each(@labels)))
                  AND to_id IN (SELECT value FROM json_each(@ids))
                """;
            BindTimes(command, query).Param("@labels", labels).Param("@ids", SqliteValues.TagsJson(frontier));
            var next = (await GraphRows.ReadAllAsync(command, r => r.GetString(0), cancellationToken).ConfigureAwait(false))
                .Where(seen.Add).ToList();
            var reached = (await VisibleVerticesAsync(connection, query, next, cancellationToken).ConfigureAwait(false))
                .OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
            result.AddRange(reached);
            frontier = reached.Select(v => v.Id).ToList();
        }

        var truncated = result.Count > query.Limit;
        return (truncated ? result[..query.Limit] : result, truncated);
    }

    private static async Task<List<GraphVertex>> VisibleVerticesAsync(SqliteConnection connection, GraphSnapshotQuery query, List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {GraphRows.VertexColumns} FROM graph_vertices WHERE user_id = @u AND id IN (SELECT value FROM json_each(@ids)) AND {GraphRows.VertexVisible}";
        BindTimes(command, query).Param("@ids", SqliteValues.TagsJson(ids));
        return await GraphRows.ReadAllAsync(command, GraphRows.ReadVertex, cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand BindTimes(SqliteCommand command, GraphSnapshotQuery query) => command
        .Param("@u", query.UserId).Param("@asOf", SqliteValues.Time(query.AsOf)).Param("@knownAt", SqliteValues.Time(query.KnownAt));
}
