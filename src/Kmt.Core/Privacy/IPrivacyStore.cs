namespace Kmt.Core.Privacy;

/// <summary>
/// Consents, export jobs and erasure jobs. Consents and exports live in the user's partition (erased
/// with it); erasure jobs outlive the account they erase (see <see cref="ErasureJob"/>).
/// </summary>
public interface IPrivacyStore
{
    Task<UserConsents?> GetConsentsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the consents when the stored ETag equals <paramref name="expectedETag"/> (null: only if
    /// none are stored yet); PRECONDITION_FAILED otherwise.
    /// </summary>
    Task SaveConsentsAsync(UserConsents consents, string? expectedETag, CancellationToken cancellationToken);

    Task CreateExportAsync(ExportJob job, CancellationToken cancellationToken);

    Task<ExportJob?> GetExportAsync(string userId, string exportId, CancellationToken cancellationToken);

    /// <summary>Replaces the job (one worker owns a running export; last write wins).</summary>
    Task ReplaceExportAsync(ExportJob job, CancellationToken cancellationToken);

    /// <summary>The user's exports, newest first.</summary>
    Task<IReadOnlyList<ExportJob>> ListExportsAsync(string userId, CancellationToken cancellationToken);

    Task UpsertErasureAsync(ErasureJob job, CancellationToken cancellationToken);

    Task<ErasureJob?> GetErasureAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Unfinished erasure jobs last tried (or requested) before <paramref name="before"/>, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<ErasureJob>> ListUnfinishedErasuresAsync(DateTimeOffset before, int take, CancellationToken cancellationToken);
}
