namespace Kmt.Core.Common;

/// <summary>
/// Erases everything one user owns (GDPR erasure, the seed's 6.4.1). Every store is partitioned by
/// user, so this is a delete of one partition per container, never a scan across users.
/// </summary>
public interface IUserDataEraser
{
    Task EraseAsync(string userId, CancellationToken cancellationToken);
}
