namespace Kmt.Core.Import;

/// <summary>Import jobs, in the person's partition (erased with the account).</summary>
public interface IImportStore
{
    /// <summary>CONFLICT when the id exists.</summary>
    Task CreateAsync(ImportJob job, CancellationToken cancellationToken);

    Task<ImportJob?> GetAsync(string userId, string importId, CancellationToken cancellationToken);

    /// <summary>Replaces the job (one worker owns a running import; last write wins); NOT_FOUND when it is gone.</summary>
    Task ReplaceAsync(ImportJob job, CancellationToken cancellationToken);

    /// <summary>The user's imports, newest first.</summary>
    Task<IReadOnlyList<ImportJob>> ListAsync(string userId, CancellationToken cancellationToken);
}
