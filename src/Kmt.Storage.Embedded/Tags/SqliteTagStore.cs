using Kmt.Core.Common;
using Kmt.Core.Tags;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Tags;

/// <summary>Tags (table tags, unique per user by name) and their rename jobs (table tag_rename_jobs).</summary>
public sealed partial class SqliteTagStore(SqliteDatabase database) : ITagStore
{
    private const string Columns = "id, user_id, name, color, created_at, updated_at, etag";

    private const string NameTaken = "A tag with this name already exists.";

    public async Task<IReadOnlyList<Tag>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tags WHERE user_id = @u ORDER BY name";
        command.Param("@u", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tags = new List<Tag>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tags.Add(Read(reader));
        }

        return tags;
    }

    public Task<Tag?> GetAsync(string userId, string tagId, CancellationToken cancellationToken) =>
        QuerySingleAsync("id = @value", userId, tagId, cancellationToken);

    public Task<Tag?> FindByNameAsync(string userId, string name, CancellationToken cancellationToken) =>
        QuerySingleAsync("name = @value", userId, name, cancellationToken);

    public async Task CreateAsync(Tag tag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO tags ({Columns}) VALUES (@id, @u, @name, @color, @created, @updated, @etag)";
        Bind(command, tag);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict(NameTaken);
        }
    }

    private const string SelectExistingNames = "SELECT name FROM tags WHERE user_id = @u AND name IN (SELECT value FROM json_each(@names))";

    public async Task EnsureExistAsync(string userId, IReadOnlyCollection<string> names, string defaultColor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return;
        }

        // Nearly every item names tags that exist already: a read (no write lock, no commit) settles that.
        // A tag created between this read and the insert below is still ignored by INSERT OR IGNORE.
        var missing = await MissingAsync(userId, names, cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0)
        {
            return;
        }

        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT OR IGNORE INTO tags ({Columns}) VALUES (@id, @u, @name, @color, @at, @at, @etag)";
        command.Param("@u", userId).Param("@color", defaultColor).Param("@at", SqliteValues.Time(at));
        var id = command.Parameters.Add("@id", SqliteType.Text);
        var name = command.Parameters.Add("@name", SqliteType.Text);
        var etag = command.Parameters.Add("@etag", SqliteType.Text);
        foreach (var value in missing)
        {
            id.Value = Ids.New();
            name.Value = value;
            etag.Value = ETags.New();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The distinct names among <paramref name="names"/> that the user has no tag of (names compare exactly, as ux_tags_name does).</summary>
    private async Task<List<string>> MissingAsync(string userId, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var missing = new HashSet<string>(names, StringComparer.Ordinal);
        var found = await database.ReadPreparedAsync(
            SelectExistingNames,
            command => command.Param("@u", userId).Param("@names", SqliteValues.TagsJson([.. missing])),
            reader =>
            {
                var existing = new List<string>();
                while (reader.Read())
                {
                    existing.Add(reader.GetString(0));
                }

                return existing;
            },
            cancellationToken).ConfigureAwait(false);
        missing.ExceptWith(found);
        return [.. missing];
    }

    public async Task ReplaceAsync(Tag tag, string expectedETag, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE tags SET name = @name, color = @color, created_at = @created, updated_at = @updated, etag = @etag
            WHERE user_id = @u AND id = @id AND etag = @expected
            """;
        Bind(command, tag);
        command.Param("@expected", expectedETag);
        int changed;
        try
        {
            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            throw KmtException.Conflict(NameTaken);
        }

        if (changed == 0)
        {
            await using var exists = connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT 1 FROM tags WHERE user_id = @u AND id = @id";
            exists.Param("@u", tag.UserId).Param("@id", tag.Id);
            var found = await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            throw found ? KmtException.PreconditionFailed() : KmtException.NotFound("Tag");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RenameSubtreeAsync(string userId, string oldPrefix, string newPrefix, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (string.Equals(oldPrefix, newPrefix, StringComparison.Ordinal))
        {
            return;
        }

        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = write;

        var subtree = new List<(string Id, string Name)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, name FROM tags WHERE user_id = @u AND (name = @name OR (name >= @from AND name < @to))";
            select.Param("@u", userId).Param("@name", oldPrefix)
                .Param("@from", SqliteValues.DescendantsFrom(oldPrefix)).Param("@to", SqliteValues.DescendantsTo(oldPrefix));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                subtree.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var plan = TagRenamePlan.Create(subtree, oldPrefix, newPrefix);
        if (plan.Moves.Count == 0)
        {
            return;
        }

        // A target name held by a tag outside the moving subtree is a conflict; one inside it moves away.
        await using (var taken = connection.CreateCommand())
        {
            taken.Transaction = transaction;
            taken.CommandText = "SELECT 1 FROM tags WHERE user_id = @u AND name = @name";
            taken.Param("@u", userId);
            var name = taken.Parameters.Add("@name", SqliteType.Text);
            foreach (var newName in plan.NewNames)
            {
                name.Value = newName;
                if (await taken.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    throw KmtException.Conflict($"A tag named \"{newName}\" already exists.");
                }
            }
        }

        // Two passes so that no intermediate state breaks the unique (user_id, name) index:
        // first every moving tag takes a placeholder name (its own id), then its new name.
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE tags SET name = @name, updated_at = @at, etag = @etag WHERE user_id = @u AND id = @id";
        update.Param("@u", userId).Param("@at", SqliteValues.Time(at));
        var idParameter = update.Parameters.Add("@id", SqliteType.Text);
        var nameParameter = update.Parameters.Add("@name", SqliteType.Text);
        var etagParameter = update.Parameters.Add("@etag", SqliteType.Text);
        foreach (var pass in new[] { true, false })
        {
            foreach (var move in plan.Moves)
            {
                idParameter.Value = move.TagId;
                nameParameter.Value = pass ? "\u0001rename\u0001" + move.TagId : move.To;
                etagParameter.Value = ETags.New();
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM tags WHERE user_id = @u AND id = @id";
        command.Param("@u", userId).Param("@id", tagId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private async Task<Tag?> QuerySingleAsync(string condition, string userId, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tags WHERE user_id = @u AND {condition}";
        command.Param("@u", userId).Param("@value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static void Bind(SqliteCommand command, Tag tag) => command
        .Param("@id", tag.Id)
        .Param("@u", tag.UserId)
        .Param("@name", tag.Name)
        .Param("@color", tag.Color)
        .Param("@created", SqliteValues.Time(tag.CreatedAt))
        .Param("@updated", SqliteValues.Time(tag.UpdatedAt))
        .Param("@etag", tag.ETag);

    private static Tag Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        UserId = r.GetString(1),
        Name = r.GetString(2),
        Color = r.GetString(3),
        CreatedAt = r.GetTime(4),
        UpdatedAt = r.GetTime(5),
        ETag = r.GetString(6),
    };
}
