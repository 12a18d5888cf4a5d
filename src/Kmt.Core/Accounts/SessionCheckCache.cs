using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Accounts;

/// <summary>
/// Remembers, for <see cref="AuthOptions.SessionCheckCacheDuration"/>, that a login (user + session
/// family) was active and the user's role, so that a burst of requests with one access token reads the
/// family and the user once rather than on every request (docs/design/identity.md, "Identity and secrets").
/// What ends a login on this instance (logout, password reset, refresh-token reuse, account deletion)
/// forgets the user at once; on other instances it takes effect within the duration.
/// </summary>
public sealed class SessionCheckCache(IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    /// <summary>Entries kept at most; a full cache is emptied (every entry can be checked again).</summary>
    internal const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string UserId, string FamilyId), Entry> _checked = new();
    private readonly TimeSpan _duration = options.Value.SessionCheckCacheDuration;

    /// <summary>The caller as checked less than the duration ago, or null.</summary>
    public AuthenticatedUser? Find(string userId, string familyId)
    {
        if (_duration <= TimeSpan.Zero || !_checked.TryGetValue((userId, familyId), out var entry))
        {
            return null;
        }

        return entry.Until > timeProvider.GetUtcNow() ? entry.Caller : null;
    }

    /// <summary>Keeps a caller whose login and account were just read and found active.</summary>
    public void Remember(AuthenticatedUser caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (_duration <= TimeSpan.Zero)
        {
            return;
        }

        if (_checked.Count >= MaxEntries)
        {
            _checked.Clear();
        }

        _checked[(caller.UserId, caller.SessionFamilyId)] = new Entry(caller, timeProvider.GetUtcNow() + _duration);
    }

    /// <summary>Every login of the user is checked again on its next request.</summary>
    public void Forget(string userId)
    {
        foreach (var key in _checked.Keys)
        {
            if (key.UserId == userId)
            {
                _checked.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(AuthenticatedUser Caller, DateTimeOffset Until);
}
