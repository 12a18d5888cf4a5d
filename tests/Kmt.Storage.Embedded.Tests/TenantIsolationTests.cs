using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;
using Kmt.Storage.Contracts;

namespace Kmt.Storage.Embedded.Tests;

public sealed class TenantIsolationTests : TestDatabase
{
    private const string A = "user-a";
    private const string B = "user-b";

    [Fact]
    public async Task User_b_never_sees_user_a_data()
    {
        var itemA = await AddItemAsync(A, "Secret plans of A", "classified content", ["secret"]);
        await Tags.CreateAsync(new Tag { Id = Ids.New(), UserId = A, Name = "secret", Color = "#fff", CreatedAt = T0, UpdatedAt = T0, ETag = ETags.New() }, Ct);
        await Activities.AddAsync(A, [StoreContract.NewActivity(A, T0)], Ct);
        var session = StoreContract.NewReadingSession(A, itemA.Id, T0);
        await Activities.UpsertSessionAsync(session, Ct);

        Assert.Null(await Items.GetAsync(B, itemA.Id, Ct));
        Assert.Null(await Items.RecordAccessAsync(B, itemA.Id, T0, Ct));
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = B, Take = 10 }, Ct)).Total);
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = B, Tag = "secret", Take = 10 }, Ct)).Total);
        Assert.Equal(0, (await Items.SearchAsync(Search.For(B, "classified"), Ct)).Total);
        Assert.Empty(await Items.CountByTagAsync(B, AllTags, Ct));
        Assert.Empty((await Items.ListVersionsAsync(B, itemA.Id, 0, 1000, Ct)).Items);
        Assert.False(await Items.EraseAsync(B, itemA.Id, Ct));
        Assert.Equal(0, await Items.RenameTagAsync(B, "secret", "public", T0, Ct));
        Assert.Equal(0, await Items.RemoveTagAsync(B, "secret", T0, Ct));
        var replace = await Assert.ThrowsAsync<KmtException>(() => Items.ReplaceAsync(itemA with { UserId = B, Title = "pwned" }, itemA.ETag, null, Ct));
        Assert.Equal(ErrorCode.NotFound, replace.Code);

        Assert.Empty(await Tags.ListAsync(B, Ct));
        Assert.Null(await Tags.FindByNameAsync(B, "secret", Ct));
        await Tags.RenameSubtreeAsync(B, "secret", "public", T0, Ct);
        Assert.Empty(await Activities.ListAsync(B, null, 10, Ct));
        Assert.Empty(await Activities.ListSessionsAsync(B, null, Ct));
        Assert.Null(await Activities.GetSessionAsync(B, session.Id, Ct));
        Assert.Null(await Activities.FindOpenSessionAsync(B, itemA.Id, Ct));

        // A is untouched by all of B's attempts.
        var stillA = await Items.GetAsync(A, itemA.Id, Ct);
        Assert.Equal(itemA, stillA! with { Tags = itemA.Tags });
        Assert.Equal(["secret"], stillA.Tags);
        Assert.Equal(["secret"], (await Tags.ListAsync(A, Ct)).Select(t => t.Name));
    }

    [Fact]
    public async Task Erasing_a_user_removes_all_their_rows_and_leaves_others_intact()
    {
        async Task Seed(string user, string email)
        {
            var account = StoreContract.NewUser(email) with { Id = user };
            await Users.CreateAsync(account, Ct);
            var item = await AddItemAsync(user, "Shared word zebra", "zebra content", ["animals"]);
            await Items.ReplaceAsync(item with { Version = 2, ETag = ETags.New() }, item.ETag, new KnowledgeItemVersion
            {
                ItemId = item.Id, UserId = user, Version = 1, Title = item.Title, Content = item.Content, ContentType = item.ContentType, CreatedAt = T0, ReplacedAt = T0,
            }, Ct);
            await Tags.EnsureExistAsync(user, ["animals"], "#fff", T0, Ct);
            await Activities.AddAsync(user, [StoreContract.NewActivity(user, T0)], Ct);
            await Activities.UpsertSessionAsync(StoreContract.NewReadingSession(user, item.Id, T0), Ct);
            await Credentials.CreateSessionAsync(new RefreshSession { Id = Ids.New(), UserId = user, FamilyId = "f", TokenHash = "h", CreatedAt = T0, ExpiresAt = T0.AddDays(1) }, Ct);
            await Credentials.CreateResetTokenAsync(new PasswordResetToken { Id = "reset-" + user, UserId = user, TokenHash = "h", CreatedAt = T0, ExpiresAt = T0.AddDays(1) }, Ct);
            await Outbox.EnqueueAsync(new OutgoingMail(user, email, "Hello", "Body", T0), Ct);
        }

        await Seed(A, "a@example.org");
        await Seed(B, "b@example.org");

        await Eraser.EraseAsync(A, Ct);

        Assert.Null(await Users.GetAsync(A, Ct));
        Assert.Null(await Users.FindByEmailAsync("a@example.org", Ct));
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10 }, Ct)).Total);
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10, Deleted = true }, Ct)).Total);
        Assert.Empty(await Items.CountByTagAsync(A, AllTags, Ct));
        Assert.Empty(await Tags.ListAsync(A, Ct));
        Assert.Empty(await Activities.ListAsync(A, null, 10, Ct));
        Assert.Empty(await Activities.ListSessionsAsync(A, null, Ct));
        Assert.Null(await Credentials.GetResetTokenAsync(A, "reset-" + A, Ct));
        Assert.Empty(await Outbox.ListAsync(A, Ct));
        Assert.Equal(0, await CountRowsAsync(A));

        // B is intact, including its search entry (the shared word now matches only B).
        Assert.NotNull(await Users.GetAsync(B, Ct));
        var (hits, total) = await Items.SearchAsync(Search.For(B, "zebra"), Ct);
        Assert.Equal(1, total);
        Assert.Equal(B, hits[0].Item.UserId);
        Assert.Single((await Items.ListVersionsAsync(B, hits[0].Item.Id, 0, 1000, Ct)).Items);
        Assert.Single(await Tags.ListAsync(B, Ct));
        Assert.Single(await Activities.ListAsync(B, null, 10, Ct));
        Assert.Single(await Activities.ListSessionsAsync(B, null, Ct));
        Assert.NotNull(await Credentials.GetResetTokenAsync(B, "reset-" + B, Ct));
        Assert.Single(await Outbox.ListAsync(B, Ct));
        Assert.True(await CountRowsAsync(B) >= 10);
        Assert.Equal(1, await CountFtsRowsAsync());
    }

    private async Task<long> CountRowsAsync(string userId)
    {
        await using var connection = await Database.OpenAsync(Ct);
        long total = 0;
        foreach (var table in Sqlite.Migrations.UserTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {table} WHERE user_id = @u";
            command.Parameters.AddWithValue("@u", userId);
            total += (long)(await command.ExecuteScalarAsync(Ct))!;
        }

        return total;
    }

    private async Task<long> CountFtsRowsAsync()
    {
        // The index's own row count (docsize table), not the content table's.
        await using var connection = await Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM knowledge_fts_docsize";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
