using Kmt.Core.Accounts;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly object _gate = new();

    public Dictionary<(string UserId, string Id), RefreshSession> Sessions { get; } = new();

    public Dictionary<(string UserId, string Id), PasswordResetToken> ResetTokens { get; } = new();

    public List<string> RevokedFamilies { get; } = [];

    /// <summary>Simulates another request winning the rotation race.</summary>
    public bool FailNextRotation { get; set; }

    public Task CreateSessionAsync(RefreshSession session, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sessions.Add((session.UserId, session.Id), session);
        }

        return Task.CompletedTask;
    }

    public Task<RefreshSession?> GetSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Sessions.GetValueOrDefault((userId, sessionId)));
        }
    }

    public Task<bool> RotateSessionAsync(string userId, string sessionId, DateTimeOffset usedAt, RefreshSession replacement, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailNextRotation)
            {
                FailNextRotation = false;
                return Task.FromResult(false);
            }

            if (!Sessions.TryGetValue((userId, sessionId), out var session) || session.UsedAt is not null || session.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            Sessions[(userId, sessionId)] = session with { UsedAt = usedAt, ReplacedById = replacement.Id };
            Sessions.Add((userId, replacement.Id), replacement);
            return Task.FromResult(true);
        }
    }

    public Task RevokeSessionAsync(string userId, string sessionId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Sessions.TryGetValue((userId, sessionId), out var session))
            {
                Sessions[(userId, sessionId)] = session with { RevokedAt = session.RevokedAt ?? revokedAt };
            }
        }

        return Task.CompletedTask;
    }

    public Task RevokeFamilyAsync(string userId, string familyId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RevokedFamilies.Add(familyId);
            Revoke(s => s.UserId == userId && s.FamilyId == familyId, revokedAt);
        }

        return Task.CompletedTask;
    }

    public Task RevokeAllSessionsAsync(string userId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Revoke(s => s.UserId == userId, revokedAt);
        }

        return Task.CompletedTask;
    }

    public Task CreateResetTokenAsync(PasswordResetToken token, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ResetTokens.Add((token.UserId, token.Id), token);
        }

        return Task.CompletedTask;
    }

    public Task<PasswordResetToken?> GetResetTokenAsync(string userId, string tokenId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(ResetTokens.GetValueOrDefault((userId, tokenId)));
        }
    }

    public Task<bool> UseResetTokenAsync(string userId, string tokenId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!ResetTokens.TryGetValue((userId, tokenId), out var token) || token.UsedAt is not null)
            {
                return Task.FromResult(false);
            }

            ResetTokens[(userId, tokenId)] = token with { UsedAt = usedAt };
            return Task.FromResult(true);
        }
    }

    private void Revoke(Func<RefreshSession, bool> which, DateTimeOffset revokedAt)
    {
        foreach (var key in Sessions.Where(pair => which(pair.Value)).Select(pair => pair.Key).ToList())
        {
            Sessions[key] = Sessions[key] with { RevokedAt = Sessions[key].RevokedAt ?? revokedAt };
        }
    }
}

internal sealed class RecordingMailOutbox : IMailOutbox
{
    public List<OutgoingMail> Sent { get; } = [];

    public Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        Sent.Add(mail);
        return Task.CompletedTask;
    }
}
