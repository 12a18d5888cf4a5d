using Kmt.Core.Common;
using Kmt.Core.Import;

namespace Kmt.Storage.Contracts;

/// <summary>IImportStore: import jobs round-trip whole (counts, failures), stay in their owner's partition, and go with the account.</summary>
public abstract class ImportStoreContract : StoreContract
{
    private ImportJob NewJob(string userId, DateTimeOffset at) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        Format = ImportFormat.KmtHistory,
        Status = ImportStatus.Queued,
        FileName = "history.jsonl",
        SizeBytes = 1234,
        CreatedAt = at,
    };

    [Fact]
    public virtual async Task A_job_round_trips_with_its_counts_and_failures_and_is_its_owners_only()
    {
        var job = NewJob(A, T0);
        await Stores.Imports.CreateAsync(job, Ct);
        var done = job with
        {
            Status = ImportStatus.Completed,
            Attempts = 1,
            Created = 7,
            Skipped = 2,
            Failed = 2,
            NotRecorded = 1,
            LinkCount = 3,
            Failures = [new ImportFailure(4, null, "at is required."), new ImportFailure(null, "notes/a.md", "title is required.")],
            StartedAt = T0.AddSeconds(1),
            CompletedAt = T0.AddSeconds(2),
        };
        await Stores.Imports.ReplaceAsync(done, Ct);

        var read = await Stores.Imports.GetAsync(A, job.Id, Ct);
        Assert.NotNull(read);
        Assert.Equal(done with { Failures = [] }, read with { Failures = [] });
        Assert.Equal(done.Failures, read.Failures);
        Assert.Null(await Stores.Imports.GetAsync(B, job.Id, Ct));
        Assert.Null(await Stores.Imports.GetAsync(A, Ids.New(), Ct));
    }

    [Fact]
    public virtual async Task Jobs_are_listed_newest_first_a_second_create_conflicts_and_a_missing_one_cannot_be_replaced()
    {
        var older = NewJob(A, T0);
        var newer = NewJob(A, T0.AddMinutes(1));
        await Stores.Imports.CreateAsync(older, Ct);
        await Stores.Imports.CreateAsync(newer, Ct);
        await Stores.Imports.CreateAsync(NewJob(B, T0), Ct);

        Assert.Equal([newer.Id, older.Id], (await Stores.Imports.ListAsync(A, Ct)).Select(j => j.Id));
        var again = await Assert.ThrowsAsync<KmtException>(() => Stores.Imports.CreateAsync(older, Ct));
        Assert.Equal(ErrorCode.Conflict, again.Code);
        var missing = await Assert.ThrowsAsync<KmtException>(() => Stores.Imports.ReplaceAsync(NewJob(A, T0), Ct));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public virtual async Task Erasing_the_account_erases_its_import_jobs_only()
    {
        await Stores.Users.CreateAsync(NewUser(Email("a"), A), Ct);
        await Stores.Users.CreateAsync(NewUser(Email("b"), B), Ct);
        await Stores.Imports.CreateAsync(NewJob(A, T0), Ct);
        var kept = NewJob(B, T0);
        await Stores.Imports.CreateAsync(kept, Ct);

        await Stores.Eraser.EraseAsync(A, Ct);

        Assert.Empty(await Stores.Imports.ListAsync(A, Ct));
        Assert.Equal([kept.Id], (await Stores.Imports.ListAsync(B, Ct)).Select(j => j.Id));
    }
}
