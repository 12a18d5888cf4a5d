using Kmt.Core.Graph;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Graph;

/// <summary>
/// The knowledge graph in SQLite (tables graph_vertices, graph_entity_aliases, graph_edges; migration
/// 10; graph_versions, migration 23). A batch is one transaction (which also replaces the user's graph
/// version token); every statement is idempotent (INSERT OR IGNORE, expiry only where
/// NULL), so applying a change twice writes nothing new.
/// </summary>
public sealed partial class SqliteGraphStore(SqliteDatabase database) : IGraphStore
{
    public async Task<GraphVertex?> GetVertexAsync(string userId, string vertexId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {GraphRows.VertexColumns} FROM graph_vertices WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", vertexId);
        return (await GraphRows.ReadAllAsync(command, GraphRows.ReadVertex, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<GraphVertex>> GetVerticesAsync(string userId, IReadOnlyCollection<string> vertexIds, CancellationToken cancellationToken)
    {
        if (vertexIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {GraphRows.VertexColumns} FROM graph_vertices WHERE user_id = @u AND id IN (SELECT value FROM json_each(@ids)) ORDER BY id";
        command.Param("@u", userId).Param("@ids", SqliteValues.TagsJson(vertexIds.Distinct(StringComparer.Ordinal).ToList()));
        return await GraphRows.ReadAllAsync(command, GraphRows.ReadVertex, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphVertex>> FindEntitiesAsync(string userId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {GraphRows.VertexColumns} FROM graph_vertices INDEXED BY ix_graph_vertices_name
            WHERE user_id = @u AND kind = 'entity' AND normalized_name IN (SELECT value FROM json_each(@keys))
            UNION
            SELECT {GraphRows.VertexColumns} FROM graph_vertices
            WHERE user_id = @u AND kind = 'entity'
                AND id IN (SELECT vertex_id FROM graph_entity_aliases WHERE user_id = @u AND alias IN (SELECT value FROM json_each(@keys)))
            ORDER BY id
            """;
        command.Param("@u", userId).Param("@keys", SqliteValues.TagsJson(keys.ToList()));
        return await GraphRows.ReadAllAsync(command, GraphRows.ReadVertex, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphVertex>> ListEntitiesAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {GraphRows.VertexColumns} FROM graph_vertices INDEXED BY ix_graph_vertices_name
            WHERE user_id = @u AND kind = 'entity' AND merged_into_id IS NULL
            ORDER BY id LIMIT @limit
            """;
        command.Param("@u", userId).Param("@limit", Math.Max(0, limit));
        return await GraphRows.ReadAllAsync(command, GraphRows.ReadVertex, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphEdge>> GetCurrentEdgesAsync(string userId, string vertexId, string? label, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {GraphRows.EdgeColumns} FROM graph_edges INDEXED BY ix_graph_edges_from
            WHERE user_id = @u AND from_id = @v AND valid_to IS NULL AND expired_at IS NULL AND (@label IS NULL OR label = @label)
            UNION ALL
            SELECT {GraphRows.EdgeColumns} FROM graph_edges INDEXED BY ix_graph_edges_to
            WHERE user_id = @u AND to_id = @v AND from_id <> @v AND valid_to IS NULL AND expired_at IS NULL AND (@label IS NULL OR label = @label)
            ORDER BY id
            """;
        command.Param("@u", userId).Param("@v", vertexId).Param("@label", label);
        return await GraphRows.ReadAllAsync(command, GraphRows.ReadEdge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GraphEdge>> GetCurrentEdgesForAsync(string userId, IReadOnlyCollection<string> vertexIds, string? label, CancellationToken cancellationToken)
    {
        if (vertexIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {GraphRows.EdgeColumns} FROM graph_edges INDEXED BY ix_graph_edges_from
            WHERE user_id = @u AND from_id IN (SELECT value FROM json_each(@ids)) AND valid_to IS NULL AND expired_at IS NULL AND (@label IS NULL OR label = @label)
            UNION ALL
            SELECT {GraphRows.EdgeColumns} FROM graph_edges INDEXED BY ix_graph_edges_to
            WHERE user_id = @u AND to_id IN (SELECT value FROM json_each(@ids)) AND from_id NOT IN (SELECT value FROM json_each(@ids))
                AND valid_to IS NULL AND expired_at IS NULL AND (@label IS NULL OR label = @label)
            ORDER BY id
            """;
        command.Param("@u", userId).Param("@ids", SqliteValues.TagsJson(vertexIds.Distinct(StringComparer.Ordinal).ToList())).Param("@label", label);
        return await GraphRows.ReadAllAsync(command, GraphRows.ReadEdge, cancellationToken).ConfigureAwait(false);
    }

    public async Task<GraphEdge?> GetEdgeAsync(string userId, string edgeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {GraphRows.EdgeColumns} FROM graph_edges WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", edgeId);
        return (await GraphRows.ReadAllAsync(command, GraphRows.ReadEdge, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task ApplyAsync(GraphWriteBatch batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;

        // One command per statement, prepared once and re-bound per record: a builder's batch writes thousands of rows.
        await using var statements = new PreparedStatements(connection, transaction);
        foreach (var vertex in batch.VertexUpserts)
        {
            EnsureUser(batch.UserId, vertex.UserId);
            await statements.ExecuteAsync($"INSERT OR REPLACE INTO graph_vertices ({GraphRows.VertexColumns}) VALUES (@u, @id, @kind, @name, @norm, @category, @aliases, @merged, @mergedAt, @etag, @validFrom, @validTo, @recorded, @updated, @merges)", c => GraphRows.BindVertex(c, vertex), cancellationToken).ConfigureAwait(false);
            await statements.ExecuteAsync("DELETE FROM graph_entity_aliases WHERE user_id = @u AND vertex_id = @id", c => c.Param("@u", vertex.UserId).Param("@id", vertex.Id), cancellationToken).ConfigureAwait(false);
            foreach (var alias in vertex.Aliases.Distinct(StringComparer.Ordinal))
            {
                await statements.ExecuteAsync("INSERT OR IGNORE INTO graph_entity_aliases (user_id, alias, vertex_id) VALUES (@u, @alias, @id)", c => c.Param("@u", vertex.UserId).Param("@alias", alias).Param("@id", vertex.Id), cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var expiration in batch.EdgeExpirations)
        {
            await statements.ExecuteAsync("UPDATE graph_edges SET expired_at = @at WHERE user_id = @u AND id = @id AND expired_at IS NULL", c => c.Param("@u", batch.UserId).Param("@id", expiration.EdgeId).Param("@at", SqliteValues.Time(expiration.ExpiredAt)), cancellationToken).ConfigureAwait(false);
        }

        foreach (var edge in batch.EdgeInserts)
        {
            EnsureUser(batch.UserId, edge.UserId);
            await statements.ExecuteAsync($"INSERT OR IGNORE INTO graph_edges ({GraphRows.EdgeColumns}) VALUES (@u, @id, @label, @from, @to, @weight, @count, @type, @strength, @metadata, @evidence, @validFrom, @validTo, @recorded, @expired, @updated)", c => GraphRows.BindEdge(c, edge), cancellationToken).ConfigureAwait(false);
        }

        foreach (var edge in batch.EdgeUpdates)
        {
            EnsureUser(batch.UserId, edge.UserId);
            await statements.ExecuteAsync("""
                UPDATE graph_edges SET weight = @weight, count = @count, relationship_type = @type, strength = @strength,
                    metadata = @metadata, evidence = @evidence, updated_at = @updated
                WHERE user_id = @u AND id = @id
                """, c => GraphRows.BindEdge(c, edge), cancellationToken).ConfigureAwait(false);
        }

        await BumpVersionAsync(connection, transaction, batch.UserId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteEdgeAsync(string userId, string edgeId, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM graph_edges WHERE user_id = @u AND id = @id", c => c.Param("@u", userId).Param("@id", edgeId), cancellationToken).ConfigureAwait(false) > 0;
        if (deleted)
        {
            await BumpVersionAsync(connection, transaction, userId, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<bool> DeleteVertexAsync(string userId, string vertexId, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        void Bind(SqliteCommand c) => c.Param("@u", userId).Param("@id", vertexId);
        await ExecuteAsync(connection, transaction, "DELETE FROM graph_edges INDEXED BY ix_graph_edges_from WHERE user_id = @u AND from_id = @id", Bind, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM graph_edges INDEXED BY ix_graph_edges_to WHERE user_id = @u AND to_id = @id", Bind, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM graph_entity_aliases WHERE user_id = @u AND vertex_id = @id", Bind, cancellationToken).ConfigureAwait(false);
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM graph_vertices WHERE user_id = @u AND id = @id", Bind, cancellationToken).ConfigureAwait(false);
        await BumpVersionAsync(connection, transaction, userId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    public async Task EraseUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        foreach (var table in new[] { "graph_edges", "graph_entity_aliases", "graph_vertices", "graph_versions" })
        {
            // Table names are constants of this class; the user id is a parameter.
            await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE user_id = @u", c => c.Param("@u", userId), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetVersionAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM graph_versions WHERE user_id = @u";
        command.Param("@u", userId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>A fresh random token in the write's own transaction: a reader that saw the old one knows its copy is stale.</summary>
    private static Task<int> BumpVersionAsync(SqliteConnection connection, SqliteTransaction transaction, string userId, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO graph_versions (user_id, version) VALUES (@u, lower(hex(randomblob(12))))", c => c.Param("@u", userId), cancellationToken);

    private static void EnsureUser(string batchUser, string recordUser)
    {
        if (!string.Equals(batchUser, recordUser, StringComparison.Ordinal))
        {
            throw new ArgumentException("Every record of a graph batch belongs to the batch's user.", nameof(batchUser));
        }
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
