using Kmt.Core.Tags;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Tags;

public sealed partial class SqliteTagStore
{
    private const string JobColumns = "user_id, tag_id, old_name, new_name, requested_at, last_attempt_at, attempts, tags_moved";

    public async Task SaveRenameJobAsync(TagRenameJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT OR REPLACE INTO tag_rename_jobs ({JobColumns}) VALUES (@u, @tag, @old, @new, @requested, @last, @attempts, @moved)";
        command.Param("@u", job.UserId).Param("@tag", job.TagId).Param("@old", job.OldName).Param("@new", job.NewName)
            .Param("@requested", SqliteValues.Time(job.RequestedAt)).Param("@last", SqliteValues.Time(job.LastAttemptAt))
            .Param("@attempts", job.Attempts).Param("@moved", job.TagsMoved ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TagRenameJob?> GetRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM tag_rename_jobs WHERE user_id = @u AND tag_id = @tag";
        command.Param("@u", userId).Param("@tag", tagId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadJob(reader) : null;
    }

    public async Task DeleteRenameJobAsync(string userId, string tagId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM tag_rename_jobs WHERE user_id = @u AND tag_id = @tag";
        command.Param("@u", userId).Param("@tag", tagId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TagRenameJob>> ListStalledRenameJobsAsync(DateTimeOffset lastAttemptBefore, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM tag_rename_jobs WHERE last_attempt_at < @before ORDER BY last_attempt_at, user_id, tag_id LIMIT @take";
        command.Param("@before", SqliteValues.Time(lastAttemptBefore)).Param("@take", Math.Max(0, take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<TagRenameJob>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    private static TagRenameJob ReadJob(SqliteDataReader r) => new()
    {
        UserId = r.GetString(0),
        TagId = r.GetString(1),
        OldName = r.GetString(2),
        NewName = r.GetString(3),
        RequestedAt = r.GetTime(4),
        LastAttemptAt = r.GetTime(5),
        Attempts = r.GetInt32(6),
        TagsMoved = r.GetInt32(7) != 0,
    };
}
