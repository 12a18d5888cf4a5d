using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Knowledge;
using Kmt.Core.Uploads;

namespace Kmt.Storage.Contracts;

/// <summary>IUserDataEraser: erasing A removes everything A owns from every port and leaves B intact.</summary>
public abstract class UserDataEraserContract : StoreContract
{
    private sealed record Seeded(string UserId, string Email, KnowledgeItem Item, RefreshSession Session, string ResetTokenId, Upload Upload, string ReadingSessionId);

    private async Task<Seeded> SeedAsync(string userId, string email)
    {
        await Stores.Users.CreateAsync(NewUser(email, userId), Ct);
        var item = await AddItemAsync(userId, "Shared word zebra", "zebra content", ["animals"]);
        var replaced = item with { Version = 2, ETag = ETags.New() };
        await Items.ReplaceAsync(replaced, item.ETag, VersionOf(item, T0), Ct);
        await TrashAsync(await AddItemAsync(userId, "In the trash", "zebra"));
        await Stores.Tags.EnsureExistAsync(userId, ["animals", "animals/zebras"], "#fff", T0, Ct);
        await Stores.Activities.AddAsync(userId, [NewActivity(userId, T0), NewActivity(userId, T0.AddMinutes(1))], Ct);
        var reading = NewReadingSession(userId, item.Id, T0);
        await Stores.Activities.UpsertSessionAsync(reading, Ct);
        var session = NewSession(userId, "f");
        await Stores.Credentials.CreateSessionAsync(session, Ct);
        var resetId = Ids.New();
        await Stores.Credentials.CreateResetTokenAsync(new PasswordResetToken { Id = resetId, UserId = userId, TokenHash = "h", CreatedAt = T0, ExpiresAt = T0.AddDays(1) }, Ct);
        var upload = NewUpload(userId, UploadStatus.Completed, new string('a', 64), item.Id);
        await Stores.Uploads.CreateAsync(upload, Ct);
        await Stores.Embeddings.ReplaceAsync(userId, item.Id, [new ChunkEmbedding(0, 0, 5, "minilm", new float[] { 1, 2, 3 })], Ct);
        return new Seeded(userId, email, replaced, session, resetId, upload, reading.Id);
    }

    [Fact]
    public virtual async Task Erasing_a_user_removes_everything_they_own_and_leaves_others_intact()
    {
        var a = await SeedAsync(A, Email("a"));
        var b = await SeedAsync(B, Email("b"));

        await Stores.Eraser.EraseAsync(A, Ct);

        Assert.Null(await Stores.Users.GetAsync(A, Ct));
        Assert.Null(await Stores.Users.FindByEmailAsync(a.Email, Ct));
        Assert.Null(await Items.GetAsync(A, a.Item.Id, Ct));
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10 }, Ct)).Total);
        Assert.Equal(0, (await Items.ListAsync(new KnowledgeListQuery { UserId = A, Take = 10, Deleted = true }, Ct)).Total);
        Assert.Empty(await AllVersionsAsync(A, a.Item.Id));
        Assert.Empty(await Items.CountByTagAsync(A, AllTags, Ct));
        Assert.Empty(await Stores.Tags.ListAsync(A, Ct));
        Assert.Empty(await Stores.Activities.ListAsync(A, null, 10, Ct));
        Assert.Empty(await Stores.Activities.ListSessionsAsync(A, null, Ct));
        Assert.Null(await Stores.Credentials.GetSessionAsync(A, a.Session.Id, Ct));
        Assert.Null(await Stores.Credentials.GetResetTokenAsync(A, a.ResetTokenId, Ct));
        Assert.Null(await Stores.Uploads.GetAsync(A, a.Upload.Id, Ct));
        Assert.Null(await Stores.Uploads.FindCompletedBySha256Async(A, new string('a', 64), Ct));
        Assert.Empty(await Stores.Embeddings.GetAsync(A, a.Item.Id, Ct));

        // The address is free again.
        await Stores.Users.CreateAsync(NewUser(a.Email), Ct);

        // B is intact.
        Assert.NotNull(await Stores.Users.GetAsync(B, Ct));
        Assert.Equal(B, (await Stores.Users.FindByEmailAsync(b.Email, Ct))?.Id);
        Assert.Equal(b.Item, await Items.GetAsync(B, b.Item.Id, Ct) is { } stillB ? stillB with { Tags = b.Item.Tags } : null);
        Assert.Single(await AllVersionsAsync(B, b.Item.Id));
        Assert.Equal(1, (await Items.ListAsync(new KnowledgeListQuery { UserId = B, Take = 10, Deleted = true }, Ct)).Total);
        Assert.Equal(1, (await Items.CountByTagAsync(B, AllTags, Ct))["animals"]);
        Assert.Equal(2, (await Stores.Tags.ListAsync(B, Ct)).Count);
        Assert.Equal(2, (await Stores.Activities.ListAsync(B, null, 10, Ct)).Count);
        Assert.NotNull(await Stores.Activities.GetSessionAsync(B, b.ReadingSessionId, Ct));
        Assert.NotNull(await Stores.Credentials.GetSessionAsync(B, b.Session.Id, Ct));
        Assert.NotNull(await Stores.Credentials.GetResetTokenAsync(B, b.ResetTokenId, Ct));
        Assert.Equal(b.Upload.Id, (await Stores.Uploads.FindCompletedBySha256Async(B, new string('a', 64), Ct))?.Id);
        Assert.Single(await Stores.Embeddings.GetAsync(B, b.Item.Id, Ct));

        // Erasing again (a retry) is harmless, and so is erasing a user who owns nothing.
        await Stores.Eraser.EraseAsync(A, Ct);
        await Stores.Eraser.EraseAsync("nobody-" + Run, Ct);
        Assert.NotNull(await Stores.Users.GetAsync(B, Ct));
    }
}
