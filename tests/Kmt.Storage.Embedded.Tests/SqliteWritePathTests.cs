using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Tests;

/// <summary>
/// The embedded store's request path (bench/README.md, "Where a GET's time goes" and "What a create
/// costs"): writers taking turns in the process, point reads on prepared statements, and checkpoints
/// off the commit path. These pin behaviour, not speed.
/// </summary>
public sealed class SqliteWritePathTests : TestDatabase
{
    [Fact]
    public async Task Concurrent_creates_all_commit_through_the_write_turn()
    {
        var items = Enumerable.Range(0, 40).Select(i => NewItem("u", $"Item {i}", $"body {i}", [$"tag{i % 3}"])).ToList();

        await Task.WhenAll(items.Select(item => Task.Run(async () =>
        {
            await Tags.EnsureExistAsync("u", item.Tags, "#000000", T0, Ct);
            await Items.CreateAsync(item, Ct);
        })));

        foreach (var item in items)
        {
            Assert.Equal(item.Title, (await Items.GetAsync("u", item.Id, Ct))!.Title);
        }

        Assert.Equal(["tag0", "tag1", "tag2"], (await Tags.ListAsync("u", Ct)).Select(t => t.Name).Order().ToArray());
    }

    [Fact]
    public async Task A_write_disposed_without_commit_rolls_back_and_hands_on_the_turn()
    {
        await Database.InitializeAsync(Ct);
        await using (var write = await Database.BeginWriteAsync(Ct))
        {
            await using var insert = write.Connection.CreateCommand();
            insert.Transaction = write.Transaction;
            insert.CommandText = "INSERT INTO tags (user_id, id, name, color, created_at, updated_at, etag) VALUES ('u', 't1', 'lost', '#000000', 'x', 'x', 'e')";
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // The next writer gets the turn at once (a turn not handed on would hang here).
        var next = Database.BeginWriteAsync(Ct);
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(10))));
        await using (await next)
        {
        }

        Assert.Empty(await Tags.ListAsync("u", Ct));
    }

    [Fact]
    public async Task Ensuring_tags_creates_only_the_missing_ones_and_keeps_the_others()
    {
        await Tags.EnsureExistAsync("u", ["a", "b"], "#111111", T0, Ct);
        var before = (await Tags.ListAsync("u", Ct)).ToDictionary(t => t.Name, t => t.Id);

        await Tags.EnsureExistAsync("u", ["b", "c", "c"], "#222222", T0, Ct);

        var after = await Tags.ListAsync("u", Ct);
        Assert.Equal(["a", "b", "c"], after.Select(t => t.Name).Order().ToArray());
        Assert.Equal(before["b"], after.Single(t => t.Name == "b").Id);
        Assert.Equal("#111111", after.Single(t => t.Name == "b").Color);
    }

    [Fact]
    public async Task A_prepared_point_read_sees_each_later_write()
    {
        var item = await AddItemAsync("u", "First title", "text");
        Assert.Equal("First title", (await Items.GetAsync("u", item.Id, Ct))!.Title);

        var renamed = item with { Title = "Second title", ETag = "\"e2\"" };
        await Items.ReplaceAsync(renamed, item.ETag, null, Ct);

        Assert.Equal("Second title", (await Items.GetAsync("u", item.Id, Ct))!.Title);
        Assert.Null(await Items.GetAsync("someone-else", item.Id, Ct));
        Assert.Null(await Items.GetAsync("u", "missing", Ct));
    }

    [Fact]
    public async Task More_concurrent_point_reads_than_prepared_connections_all_answer()
    {
        var item = await AddItemAsync("u", "Shared", "text");
        var reads = Enumerable.Range(0, PreparedReadConnections.MaxConnections * 3)
            .Select(_ => Task.Run(() => Items.GetAsync("u", item.Id, Ct)));

        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal("Shared", r!.Title));
    }

    [Fact]
    public async Task Commits_leave_checkpoints_to_the_checkpointer()
    {
        await AddItemAsync("u", "Small", "text");
        await using (var connection = await Database.OpenAsync(Ct))
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA wal_autocheckpoint";
            Assert.Equal(0L, await pragma.ExecuteScalarAsync(Ct));
        }

        var databaseFile = new FileInfo(Database.DatabasePath);
        var sizeBefore = databaseFile.Length;
        var content = string.Join(' ', Enumerable.Range(0, 4000).Select(i => $"word{i}"));
        // The WAL file exists only while a connection is open (the last one to close checkpoints and deletes it).
        long WalLength() => new FileInfo(Database.DatabasePath + "-wal") is { Exists: true } wal ? wal.Length : 0;
        for (var i = 0; WalLength() < WalCheckpointer.ThresholdBytes; i++)
        {
            Assert.True(i < 5_000, "The WAL never reached the checkpoint threshold.");
            await AddItemAsync("u", $"Large {i}", content);
        }

        // The commits live in the WAL until a checkpoint copies them back (the timer's tick or this one).
        await Database.Checkpointer!.TickAsync();
        Assert.True(new FileInfo(Database.DatabasePath).Length > sizeBefore);
    }
}
