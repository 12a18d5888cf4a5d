using Kmt.Core.Common;
using Kmt.Core.Uploads;

namespace Kmt.Storage.Contracts;

/// <summary>IUploadStore: round trip, conflicts, ETags, the user partition, same-bytes lookup.</summary>
public abstract class UploadStoreContract : StoreContract
{
    [Fact]
    public virtual async Task Uploads_round_trip_with_every_field()
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
            UpdatedAt = T0.AddMinutes(1),
        };

        await Stores.Uploads.CreateAsync(upload, Ct);
        var stored = await Stores.Uploads.GetAsync(A, upload.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(upload.Tags, stored.Tags);
        Assert.Equal(upload.TimingsMs, stored.TimingsMs);
        Assert.Equal(upload, stored with { Tags = upload.Tags, TimingsMs = upload.TimingsMs });

        var minimal = NewUpload(A);
        await Stores.Uploads.CreateAsync(minimal, Ct);
        var storedMinimal = await Stores.Uploads.GetAsync(A, minimal.Id, Ct);
        Assert.Equal(minimal, storedMinimal! with { Tags = minimal.Tags });
        Assert.Empty(storedMinimal.Tags);
        Assert.Null(storedMinimal.TimingsMs);
    }

    [Fact]
    public virtual async Task Every_status_round_trips()
    {
        foreach (var status in Enum.GetValues<UploadStatus>())
        {
            var upload = NewUpload(A, status);
            await Stores.Uploads.CreateAsync(upload, Ct);
            Assert.Equal(status, (await Stores.Uploads.GetAsync(A, upload.Id, Ct))!.Status);
        }
    }

    [Fact]
    public virtual async Task The_embedding_fields_are_replaced_with_the_rest()
    {
        var upload = NewUpload(A, UploadStatus.Completed, itemId: Ids.New());
        await Stores.Uploads.CreateAsync(upload, Ct);
        var embedded = upload with
        {
            EmbeddedChunks = 3,
            EmbeddedAt = T0.AddSeconds(5),
            TimingsMs = new Dictionary<string, double> { ["total"] = 40, ["embedding"] = 812.5 },
            ETag = ETags.New(),
        };

        await Stores.Uploads.ReplaceAsync(embedded, upload.ETag, Ct);

        var stored = await Stores.Uploads.GetAsync(A, upload.Id, Ct);
        Assert.Equal(3, stored!.EmbeddedChunks);
        Assert.Equal(T0.AddSeconds(5), stored.EmbeddedAt);
        Assert.Equal(812.5, stored.TimingsMs!["embedding"]);
        Assert.Equal(embedded, stored with { Tags = embedded.Tags, TimingsMs = embedded.TimingsMs });
    }

    [Fact]
    public virtual async Task Creating_a_taken_id_is_a_conflict()
    {
        var upload = NewUpload(A);
        await Stores.Uploads.CreateAsync(upload, Ct);

        var e = await Assert.ThrowsAsync<KmtException>(() => Stores.Uploads.CreateAsync(upload, Ct));
        Assert.Equal(ErrorCode.Conflict, e.Code);
    }

    [Fact]
    public virtual async Task Replace_needs_the_current_etag()
    {
        var uploads = Stores.Uploads;
        var upload = NewUpload(A);
        await uploads.CreateAsync(upload, Ct);
        var queued = upload with { Status = UploadStatus.Queued, ETag = ETags.New() };

        await uploads.ReplaceAsync(queued, upload.ETag, Ct);
        Assert.Equal(UploadStatus.Queued, (await uploads.GetAsync(A, upload.Id, Ct))!.Status);

        var stale = await Assert.ThrowsAsync<KmtException>(() => uploads.ReplaceAsync(upload with { Status = UploadStatus.Processing, ETag = ETags.New() }, upload.ETag, Ct));
        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);
        Assert.Equal(queued.ETag, (await uploads.GetAsync(A, upload.Id, Ct))!.ETag);

        var missing = await Assert.ThrowsAsync<KmtException>(() => uploads.ReplaceAsync(NewUpload(A), "\"x\"", Ct));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public virtual async Task Another_users_upload_is_invisible_and_cannot_be_replaced()
    {
        var upload = NewUpload(A);
        await Stores.Uploads.CreateAsync(upload, Ct);

        Assert.Null(await Stores.Uploads.GetAsync(B, upload.Id, Ct));
        var e = await Assert.ThrowsAsync<KmtException>(() => Stores.Uploads.ReplaceAsync(upload with { UserId = B, Status = UploadStatus.Failed }, upload.ETag, Ct));
        Assert.Equal(ErrorCode.NotFound, e.Code);
        Assert.Equal(UploadStatus.Pending, (await Stores.Uploads.GetAsync(A, upload.Id, Ct))!.Status);
    }

    [Fact]
    public virtual async Task Find_by_sha256_returns_the_users_oldest_completed_upload_whose_item_is_live()
    {
        var uploads = Stores.Uploads;
        var sha = new string('c', 64);
        var item = await AddItemAsync(A, "Doc");
        var trashed = await TrashAsync(await AddItemAsync(A, "Trashed"));
        var itemB = await AddItemAsync(B, "B doc");

        var completed = NewUpload(A, UploadStatus.Completed, sha, item.Id, T0.AddMinutes(2));
        var newer = NewUpload(A, UploadStatus.Completed, sha, item.Id, T0.AddMinutes(3));
        await uploads.CreateAsync(newer, Ct);
        await uploads.CreateAsync(completed, Ct);
        await uploads.CreateAsync(NewUpload(A, UploadStatus.Completed, sha, trashed.Id, T0), Ct);
        await uploads.CreateAsync(NewUpload(A, UploadStatus.Completed, sha, Ids.New(), T0), Ct);
        await uploads.CreateAsync(NewUpload(A, UploadStatus.Duplicate, sha, item.Id, T0), Ct);
        await uploads.CreateAsync(NewUpload(A, UploadStatus.Processing, sha, null, T0), Ct);
        await uploads.CreateAsync(NewUpload(B, UploadStatus.Completed, sha, itemB.Id, T0), Ct);

        Assert.Equal(completed.Id, (await uploads.FindCompletedBySha256Async(A, sha, Ct))?.Id);
        Assert.Null(await uploads.FindCompletedBySha256Async(A, new string('d', 64), Ct));
        Assert.Equal(B, (await uploads.FindCompletedBySha256Async(B, sha, Ct))?.UserId);
        Assert.Null(await uploads.FindCompletedBySha256Async("user-c-" + Run, sha, Ct));

        await Items.EraseAsync(A, item.Id, Ct);
        Assert.Null(await uploads.FindCompletedBySha256Async(A, sha, Ct));
    }

    [Fact]
    public virtual async Task Uploads_are_listed_by_id_in_pages_per_user()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var upload = NewUpload(A);
            await Stores.Uploads.CreateAsync(upload, Ct);
            created.Add(upload.Id);
        }

        await Stores.Uploads.CreateAsync(NewUpload(B), Ct);
        created.Sort(StringComparer.Ordinal);

        var first = await Stores.Uploads.ListAsync(A, null, 3, Ct);
        var rest = await Stores.Uploads.ListAsync(A, first[^1].Id, 3, Ct);
        Assert.Equal(created, first.Concat(rest).Select(u => u.Id));
        Assert.All(first.Concat(rest), u => Assert.Equal(A, u.UserId));
        Assert.Single(await Stores.Uploads.ListAsync(B, null, 10, Ct));
    }
}
