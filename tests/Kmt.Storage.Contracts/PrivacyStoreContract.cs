using Kmt.Core.Common;
using Kmt.Core.Privacy;

namespace Kmt.Storage.Contracts;

/// <summary>IPrivacyStore: consents with ETag concurrency, export jobs, erasure jobs that outlive the account.</summary>
public abstract class PrivacyStoreContract : StoreContract
{
    private UserConsents Consents(string userId, bool tracking, DateTimeOffset at) => new()
    {
        UserId = userId,
        Purposes = [new ConsentState(ConsentPurposes.ActivityTracking, tracking, tracking ? at : null, tracking ? null : at), new ConsentState(ConsentPurposes.Notifications, false, null, null)],
        UpdatedAt = at,
        ETag = ETags.New(),
    };

    [Fact]
    public virtual async Task Consents_round_trip_and_a_stale_etag_or_a_second_create_is_refused()
    {
        Assert.Null(await Stores.Privacy.GetConsentsAsync(A, Ct));
        var first = Consents(A, false, T0);
        await Stores.Privacy.SaveConsentsAsync(first, null, Ct);
        var read = await Stores.Privacy.GetConsentsAsync(A, Ct);
        Assert.NotNull(read);
        Assert.Equal(first.ETag, read.ETag);
        Assert.Equal(first.Purposes, read.Purposes);
        Assert.Null(await Stores.Privacy.GetConsentsAsync(B, Ct));

        var again = await Assert.ThrowsAsync<KmtException>(() => Stores.Privacy.SaveConsentsAsync(Consents(A, true, T0), null, Ct));
        Assert.Equal(ErrorCode.PreconditionFailed, again.Code);
        var stale = await Assert.ThrowsAsync<KmtException>(() => Stores.Privacy.SaveConsentsAsync(Consents(A, true, T0), "\"stale\"", Ct));
        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);

        var second = Consents(A, true, T0.AddHours(1));
        await Stores.Privacy.SaveConsentsAsync(second, first.ETag, Ct);
        Assert.True((await Stores.Privacy.GetConsentsAsync(A, Ct))!.IsGranted(ConsentPurposes.ActivityTracking));
    }

    [Fact]
    public virtual async Task Export_jobs_are_per_user_and_listed_newest_first()
    {
        var older = new ExportJob { Id = Ids.New(), UserId = A, Status = ExportStatus.Queued, CreatedAt = T0 };
        var newer = older with { Id = Ids.New(), CreatedAt = T0.AddMinutes(1) };
        await Stores.Privacy.CreateExportAsync(older, Ct);
        await Stores.Privacy.CreateExportAsync(newer, Ct);
        await Stores.Privacy.ReplaceExportAsync(older with { Status = ExportStatus.Completed, SizeBytes = 42, ExpiresAt = T0.AddDays(7) }, Ct);

        var read = await Stores.Privacy.GetExportAsync(A, older.Id, Ct);
        Assert.Equal(ExportStatus.Completed, read!.Status);
        Assert.Equal(42, read.SizeBytes);
        Assert.Equal(T0.AddDays(7), read.ExpiresAt);
        Assert.Null(await Stores.Privacy.GetExportAsync(B, older.Id, Ct));
        Assert.Equal([newer.Id, older.Id], (await Stores.Privacy.ListExportsAsync(A, Ct)).Select(e => e.Id));
        Assert.Empty(await Stores.Privacy.ListExportsAsync(B, Ct));
    }

    [Fact]
    public virtual async Task Unfinished_erasure_jobs_are_listed_once_due_and_survive_the_erasure_itself()
    {
        await Stores.Users.CreateAsync(NewUser(Email("a"), A), Ct);
        var job = new ErasureJob { UserId = A, RequestedAt = T0, LastAttemptAt = T0, Attempts = 1 };
        await Stores.Privacy.UpsertErasureAsync(job, Ct);
        await Stores.Privacy.UpsertErasureAsync(new ErasureJob { UserId = B, RequestedAt = T0, LastAttemptAt = T0, Attempts = 1, CompletedAt = T0 }, Ct);

        var due = await Stores.Privacy.ListUnfinishedErasuresAsync(T0.AddMinutes(5), 1000, Ct);
        Assert.Contains(due, j => j.UserId == A);
        Assert.DoesNotContain(due, j => j.UserId == B);
        Assert.DoesNotContain(await Stores.Privacy.ListUnfinishedErasuresAsync(T0, 1000, Ct), j => j.UserId == A);

        await Stores.Eraser.EraseAsync(A, Ct);
        Assert.Equal(job, await Stores.Privacy.GetErasureAsync(A, Ct));
        await Stores.Privacy.UpsertErasureAsync(job with { CompletedAt = T0.AddMinutes(1) }, Ct);
        Assert.DoesNotContain(await Stores.Privacy.ListUnfinishedErasuresAsync(T0.AddDays(1), 1000, Ct), j => j.UserId == A);
    }
}
