using Kmt.Core.Common;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded.Uploads;

namespace Kmt.Storage.Embedded.Tests;

public sealed class UploadStoreTests : TestDatabase
{
    private const string A = "user-a";
    private const string B = "user-b";

    public static Upload NewUpload(string userId, UploadStatus status = UploadStatus.Pending, string? sha256 = null, string? itemId = null, DateTimeOffset? createdAt = null) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        FileName = "paper.pdf",
        Status = status,
        ContentSha256 = sha256,
        KnowledgeItemId = itemId,
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
        ETag = ETags.New(),
    };

    [Fact]
    public async Task Uploads_round_trip_with_every_field()
    {
        var upload = NewUpload(A) with
        {
            Title = "Ünïcode title",
            Tags = ["science/physics", "c#"],
            Status = UploadStatus.Completed,
            Reason = "why",
            KnowledgeItemId = Ids.New(),
            SizeBytes = 5L * 1024 * 1024 * 1024,
            ContentSha256 = new string('a', 64),
            DetectedFormat = "pdf",
            Attempts = 3,
            TimingsMs = new Dictionary<string, double> { ["read"] = 1.5, ["total"] = 123.25 },
            EmbeddedChunks = 27,
            EmbeddedAt = T0.AddMinutes(2),
            UpdatedAt = T0.AddMinutes(1),
        };

        await Uploads.CreateAsync(upload, Ct);
        var stored = await Uploads.GetAsync(A, upload.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(upload.Tags, stored.Tags);
        Assert.Equal(upload.TimingsMs, stored.TimingsMs);
        Assert.Equal(upload, stored with { Tags = upload.Tags, TimingsMs = upload.TimingsMs });

        var minimal = NewUpload(A);
        await Uploads.CreateAsync(minimal, Ct);
        var storedMinimal = await Uploads.GetAsync(A, minimal.Id, Ct);
        Assert.Equal(minimal, storedMinimal! with { Tags = minimal.Tags });
        Assert.Empty(storedMinimal.Tags);
        Assert.Null(storedMinimal.TimingsMs);
        Assert.Null(storedMinimal.EmbeddedChunks);
        Assert.Null(storedMinimal.EmbeddedAt);
    }

    [Fact]
    public async Task The_embedding_fields_are_replaced_with_the_rest()
    {
        var upload = NewUpload(A, UploadStatus.Completed, itemId: "item-1");
        await Uploads.CreateAsync(upload, Ct);
        var embedded = upload with
        {
            EmbeddedChunks = 3,
            EmbeddedAt = T0.AddSeconds(5),
            TimingsMs = new Dictionary<string, double> { ["total"] = 40, ["embedding"] = 812.5 },
            ETag = ETags.New(),
        };

        await Uploads.ReplaceAsync(embedded, upload.ETag, Ct);

        var stored = await Uploads.GetAsync(A, upload.Id, Ct);
        Assert.Equal(3, stored!.EmbeddedChunks);
        Assert.Equal(T0.AddSeconds(5), stored.EmbeddedAt);
        Assert.Equal(812.5, stored.TimingsMs!["embedding"]);
        Assert.Equal(embedded, stored with { Tags = embedded.Tags, TimingsMs = embedded.TimingsMs });
    }

    [Fact]
    public async Task Creating_a_taken_id_is_a_conflict()
    {
        var upload = NewUpload(A);
        await Uploads.CreateAsync(upload, Ct);

        var e = await Assert.ThrowsAsync<KmtException>(() => Uploads.CreateAsync(upload, Ct));
        Assert.Equal(ErrorCode.Conflict, e.Code);
    }

    [Fact]
    public async Task Replace_needs_the_current_etag()
    {
        var upload = NewUpload(A);
        await Uploads.CreateAsync(upload, Ct);
        var queued = upload with { Status = UploadStatus.Queued, ETag = ETags.New() };

        await Uploads.ReplaceAsync(queued, upload.ETag, Ct);
        Assert.Equal(UploadStatus.Queued, (await Uploads.GetAsync(A, upload.Id, Ct))!.Status);

        var stale = await Assert.ThrowsAsync<KmtException>(() => Uploads.ReplaceAsync(upload with { Status = UploadStatus.Processing, ETag = ETags.New() }, upload.ETag, Ct));
        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);
        Assert.Equal(queued.ETag, (await Uploads.GetAsync(A, upload.Id, Ct))!.ETag);

        var missing = await Assert.ThrowsAsync<KmtException>(() => Uploads.ReplaceAsync(NewUpload(A), "\"x\"", Ct));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task Another_users_upload_is_invisible_and_cannot_be_replaced()
    {
        var upload = NewUpload(A);
        await Uploads.CreateAsync(upload, Ct);

        Assert.Null(await Uploads.GetAsync(B, upload.Id, Ct));
        var e = await Assert.ThrowsAsync<KmtException>(() => Uploads.ReplaceAsync(upload with { UserId = B, Status = UploadStatus.Failed }, upload.ETag, Ct));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Equal(UploadStatus.Pending, (await Uploads.GetAsync(A, upload.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Find_by_sha256_returns_the_users_oldest_completed_upload_whose_item_is_live()
    {
        var sha = new string('c', 64);
        var item = await AddItemAsync(A, "Doc");
        var trashed = await AddItemAsync(A, "Trashed");
        await Items.ReplaceAsync(trashed with { DeletedAt = T0, ETag = ETags.New() }, trashed.ETag, null, Ct);
        var itemB = await AddItemAsync(B, "B doc");

        var completed = NewUpload(A, UploadStatus.Completed, sha, item.Id, T0.AddMinutes(2));
        var newer = NewUpload(A, UploadStatus.Completed, sha, item.Id, T0.AddMinutes(3));
        await Uploads.CreateAsync(newer, Ct);
        await Uploads.CreateAsync(completed, Ct);
        await Uploads.CreateAsync(NewUpload(A, UploadStatus.Completed, sha, trashed.Id, T0), Ct);
        await Uploads.CreateAsync(NewUpload(A, UploadStatus.Completed, sha, Ids.New(), T0), Ct);
        await Uploads.CreateAsync(NewUpload(A, UploadStatus.Duplicate, sha, item.Id, T0), Ct);
        await Uploads.CreateAsync(NewUpload(A, UploadStatus.Processing, sha, null, T0), Ct);
        await Uploads.CreateAsync(NewUpload(B, UploadStatus.Completed, sha, itemB.Id, T0), Ct);

        Assert.Equal(completed.Id, (await Uploads.FindCompletedBySha256Async(A, sha, Ct))?.Id);
        Assert.Null(await Uploads.FindCompletedBySha256Async(A, new string('d', 64), Ct));
        Assert.Equal(B, (await Uploads.FindCompletedBySha256Async(B, sha, Ct))?.UserId);
        Assert.Null(await Uploads.FindCompletedBySha256Async("user-c", sha, Ct));

        await Items.EraseAsync(A, item.Id, Ct);
        Assert.Null(await Uploads.FindCompletedBySha256Async(A, sha, Ct));
    }

    [Fact]
    public async Task Statuses_are_stored_by_name()
    {
        foreach (var status in Enum.GetValues<UploadStatus>())
        {
            var upload = NewUpload(A, status);
            await Uploads.CreateAsync(upload, Ct);
            Assert.Equal(status, (await Uploads.GetAsync(A, upload.Id, Ct))!.Status);
        }

        await using var connection = await Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(status, ',') FROM (SELECT status FROM uploads ORDER BY status)";
        Assert.Equal("completed,duplicate,failed,pending,processing,queued", await command.ExecuteScalarAsync(Ct));
        Assert.Equal("processing", SqliteUploadStore.StatusName(UploadStatus.Processing));
    }

    [Fact]
    public async Task The_local_upload_target_is_the_apis_put_endpoint()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var upload = NewUpload(A);

        var target = await new LocalUploadTargetIssuer(clock).IssueAsync(upload, TimeSpan.FromMinutes(15), Ct);

        Assert.Equal($"/api/v1/upload/{upload.Id}/content", target.Url);
        Assert.Equal("PUT", target.Method);
        Assert.Empty(target.Headers);
        Assert.Equal(T0.AddMinutes(15), target.ExpiresAt);
    }
}
