using Kmt.Core.Accounts;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly object _gate = new();

    public Dictionary<(string UserId, string Id), RefreshSession> Sessions { get; } = new();

    public Dictionary<(string UserId, string Id), PasswordResetToken> ResetTokens { get; } = new();

    public Dictionary<(string UserId, string Id), SessionFamily> Families { get; } = new();

    public List<string> RevokedFamilies { get; } = [];

    /// <summary>Simulates another request winning the rotation race.</summary>
    public bool FailNextRotation { get; set; }

    /// <summary>
    /// When set, records vanish once their expiry plus <see cref="TtlGrace"/> has passed on this clock, as
    /// Cosmos DB's TTL removes them (the local Cosmos server has no TTL, so this is where expiry is shown).
    /// </summary>
    public TimeProvider? TtlClock { get; set; }

    public TimeSpan TtlGrace { get; set; } = TimeSpan.FromDays(7);

    public Task CreateFamilyAsync(SessionFamily family, RefreshSession first, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Families.Add((family.UserId, family.Id), family);
            Sessions.Add((first.UserId, first.Id), first);
        }

        return Task.CompletedTask;
    }

    public Task<SessionFamily?> GetFamilyAsync(string userId, string familyId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var family = Families.GetValueOrDefault((userId, familyId));
            return Task.FromResult(family is not null && Alive(family.ExpiresAt) ? family : null);
        }
    }

    public Task UseAllResetTokensAsync(string userId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var key in ResetTokens.Where(p => p.Key.UserId == userId && p.Value.UsedAt is null).Select(p => p.Key).ToList())
            {
                ResetTokens[key] = ResetTokens[key] with { UsedAt = usedAt };
            }
        }

        return Task.CompletedTask;
    }

    private bool Alive(DateTimeOffset expiresAt) => TtlClock is null || expiresAt + TtlGrace > TtlClock.GetUtcNow();

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
            var session = Sessions.GetValueOrDefault((userId, sessionId));
            return Task.FromResult(session is not null && Alive(session.ExpiresAt) ? session : null);
        }
    }

    public Task<bool> RotateSessionAsync(string userId, string sessionId, DateTimeOffset usedAt, RefreshSession replacement, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailNextRotation)
            {
                // Another request (not ours) exchanged the token first.
                FailNextRotation = false;
                if (Sessions.TryGetValue((userId, sessionId), out var taken))
                {
                    Sessions[(userId, sessionId)] = taken with { UsedAt = usedAt, ReplacedById = "another-request" };
                }

                return Task.FromResult(false);
            }

            if (!Sessions.TryGetValue((userId, sessionId), out var session) || session.UsedAt is not null || session.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            Sessions[(userId, sessionId)] = session with { UsedAt = usedAt, ReplacedById = replacement.Id };
            Sessions.Add((userId, replacement.Id), replacement);
            if (Families.TryGetValue((userId, replacement.FamilyId), out var family) && family.ExpiresAt < replacement.ExpiresAt)
            {
                Families[(userId, replacement.FamilyId)] = family with { ExpiresAt = replacement.ExpiresAt };
            }

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
            RevokeFamilies(f => f.UserId == userId && f.Id == familyId, revokedAt);
        }

        return Task.CompletedTask;
    }

    public Task RevokeAllSessionsAsync(string userId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RevokeFamilies(f => f.UserId == userId, revokedAt);
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

    private void RevokeFamilies(Func<SessionFamily, bool> which, DateTimeOffset revokedAt)
    {
        foreach (var key in Families.Where(pair => which(pair.Value)).Select(pair => pair.Key).ToList())
        {
            Families[key] = Families[key] with { RevokedAt = Families[key].RevokedAt ?? revokedAt };
        }
    }
}

internal sealed class RecordingMailOutbox : IMailOutbox
{
    /// <summary>Every mail as enqueued (with its code).</summary>
    public List<OutgoingMail> Sent { get; } = [];

    public Task EnqueueAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        Sent.Add(mail);
        return Task.CompletedTask;
    }

    public Task MarkDeliveredAsync(string userId, string mailId, string scrubbedBody, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        var index = Sent.FindIndex(m => m.UserId == userId && m.Id == mailId);
        if (index >= 0)
        {
            Sent[index] = Sent[index] with { Body = scrubbedBody, Secret = null, DeliveredAt = deliveredAt };
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutgoingMail>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OutgoingMail>>(Sent.Where(m => m.UserId == userId).ToList());
}
