using Kmt.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Privacy;

/// <summary>
/// The privacy sweep, run by a timer trigger: finishes account erasures a crash left unfinished,
/// deletes export files past their link's lifetime, and deletes audit entries past their retention
/// where the store has no TTL (SQLite).
/// </summary>
public sealed class PrivacySweepService(AccountErasureService erasure, IAuditLog audit, IBlobStore blobs, IOptions<PrivacyOptions> options, TimeProvider timeProvider)
{
    public async Task<PrivacySweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var erasures = await erasure.FinishUnfinishedAsync(100, cancellationToken);

        var expiredBefore = now - options.Value.ExportLinkLifetime;
        var stale = new List<string>();
        await foreach (var blob in blobs.ListAsync(PrivacyPaths.ExportsContainer, "", cancellationToken))
        {
            if (blob.LastModified < expiredBefore)
            {
                stale.Add(blob.Path);
            }
        }

        foreach (var path in stale)
        {
            await blobs.DeleteAsync(PrivacyPaths.ExportsContainer, path, cancellationToken);
        }

        var auditDeleted = await audit.DeleteExpiredAsync(now - options.Value.AuditRetention, cancellationToken);
        return new PrivacySweepResult(erasures, stale.Count, auditDeleted);
    }
}
