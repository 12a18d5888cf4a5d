using Kmt.Core.Accounts;
using Kmt.Core.Common;

namespace Kmt.Storage.Contracts;

/// <summary>ICredentialStore: refresh-token rotation (exactly one winner), revocations, reset tokens.</summary>
public abstract class CredentialStoreContract : StoreContract
{
    [Fact]
    public virtual async Task Session_round_trips_and_rotation_succeeds_once()
    {
        var credentials = Stores.Credentials;
        var session = NewSession(A, "family");
        await credentials.CreateSessionAsync(session, Ct);
        Assert.Equal(session, await credentials.GetSessionAsync(A, session.Id, Ct));
        Assert.Null(await credentials.GetSessionAsync(B, session.Id, Ct));

        var next = NewSession(A, "family");
        var other = NewSession(A, "family");
        Assert.True(await credentials.RotateSessionAsync(A, session.Id, T0.AddMinutes(1), next, Ct));
        Assert.False(await credentials.RotateSessionAsync(A, session.Id, T0.AddMinutes(2), other, Ct));

        var used = await credentials.GetSessionAsync(A, session.Id, Ct);
        Assert.Equal(T0.AddMinutes(1), used!.UsedAt);
        Assert.Equal(next.Id, used.ReplacedById);
        Assert.Equal(next, await credentials.GetSessionAsync(A, next.Id, Ct));
        Assert.Null(await credentials.GetSessionAsync(A, other.Id, Ct));
        Assert.False(await credentials.RotateSessionAsync(A, Ids.New(), T0, NewSession(A, "family"), Ct));
    }

    [Fact]
    public virtual async Task Concurrent_rotations_of_one_session_have_exactly_one_winner()
    {
        var session = NewSession(A, "family");
        await Stores.Credentials.CreateSessionAsync(session, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Stores.Credentials.RotateSessionAsync(A, session.Id, T0.AddMinutes(1), NewSession(A, "family"), Ct))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public virtual async Task Revocations_cover_session_family_and_all_and_keep_the_first_time()
    {
        var credentials = Stores.Credentials;
        var f1 = await StartFamilyAsync(A, "f1");
        var f2 = await StartFamilyAsync(A, "f2");
        var otherUser = await StartFamilyAsync(B, "f1");
        var d = NewSession(A, "f3");
        await credentials.CreateSessionAsync(d, Ct);

        await credentials.RevokeSessionAsync(A, d.Id, T0.AddMinutes(1), Ct);
        Assert.False(await credentials.RotateSessionAsync(A, d.Id, T0.AddMinutes(2), NewSession(A, "f3"), Ct));

        await credentials.RevokeFamilyAsync(A, "f1", T0.AddMinutes(3), Ct);
        Assert.Equal(T0.AddMinutes(3), (await credentials.GetFamilyAsync(A, "f1", Ct))!.RevokedAt);
        Assert.Null((await credentials.GetFamilyAsync(A, "f2", Ct))!.RevokedAt);
        Assert.Null((await credentials.GetFamilyAsync(B, "f1", Ct))!.RevokedAt);

        await credentials.RevokeAllSessionsAsync(A, T0.AddMinutes(4), Ct);
        Assert.Equal(T0.AddMinutes(4), (await credentials.GetFamilyAsync(A, "f2", Ct))!.RevokedAt);
        Assert.Equal(T0.AddMinutes(3), (await credentials.GetFamilyAsync(A, "f1", Ct))!.RevokedAt);
        Assert.Null((await credentials.GetFamilyAsync(B, "f1", Ct))!.RevokedAt);
        Assert.Null((await credentials.GetSessionAsync(B, otherUser.Id, Ct))!.RevokedAt);
        Assert.NotNull(await credentials.GetSessionAsync(A, f1.Id, Ct));
        Assert.NotNull(await credentials.GetSessionAsync(A, f2.Id, Ct));
    }

    [Fact]
    public virtual async Task A_family_round_trips_and_every_rotation_extends_its_expiry()
    {
        var credentials = Stores.Credentials;
        var first = await StartFamilyAsync(A, "fam");
        Assert.Null(await credentials.GetFamilyAsync(B, "fam", Ct));
        Assert.Equal(
            new SessionFamily { Id = "fam", UserId = A, CreatedAt = T0, ExpiresAt = T0.AddDays(30) },
            await credentials.GetFamilyAsync(A, "fam", Ct));

        // Refreshed every 20 days for 200 days: the family follows its newest token.
        var current = first;
        for (var day = 20; day <= 200; day += 20)
        {
            var next = NewSession(A, "fam") with { CreatedAt = T0.AddDays(day), ExpiresAt = T0.AddDays(day + 30) };
            Assert.True(await credentials.RotateSessionAsync(A, current.Id, T0.AddDays(day), next, Ct));
            current = next;
        }

        var family = await credentials.GetFamilyAsync(A, "fam", Ct);
        Assert.Equal(T0.AddDays(230), family!.ExpiresAt);
        Assert.True(family.IsActiveAt(T0.AddDays(229)));
        Assert.Null(family.RevokedAt);
    }

    [Fact]
    public virtual async Task Revoking_a_family_is_one_record_and_leaves_its_sessions_as_they_are()
    {
        var credentials = Stores.Credentials;
        var current = await StartFamilyAsync(A, "fam");
        var all = new List<RefreshSession> { current };
        for (var i = 1; i <= 5; i++)
        {
            var next = NewSession(A, "fam");
            Assert.True(await credentials.RotateSessionAsync(A, current.Id, T0.AddMinutes(i), next, Ct));
            all.Add(next);
            current = next;
        }

        await credentials.RevokeFamilyAsync(A, "fam", T0.AddHours(1), Ct);
        await credentials.RevokeFamilyAsync(A, "fam", T0.AddHours(2), Ct);

        var family = await credentials.GetFamilyAsync(A, "fam", Ct);
        Assert.Equal(T0.AddHours(1), family!.RevokedAt);
        Assert.False(family.IsActiveAt(T0.AddHours(1)));
        foreach (var session in all)
        {
            Assert.Null((await credentials.GetSessionAsync(A, session.Id, Ct))!.RevokedAt);
        }
    }

    [Fact]
    public virtual async Task A_successor_keeps_its_secret_salt()
    {
        var first = await StartFamilyAsync(A, "fam");
        var next = NewSession(A, "fam") with { SecretSalt = Convert.ToBase64String(new byte[32]) };
        Assert.True(await Stores.Credentials.RotateSessionAsync(A, first.Id, T0.AddMinutes(1), next, Ct));

        Assert.Equal(next, await Stores.Credentials.GetSessionAsync(A, next.Id, Ct));
    }

    [Fact]
    public virtual async Task Using_all_reset_tokens_voids_every_outstanding_one_of_that_user_only()
    {
        var credentials = Stores.Credentials;
        PasswordResetToken Token(string user, DateTimeOffset? usedAt = null) =>
            new() { Id = Ids.New(), UserId = user, TokenHash = "h", CreatedAt = T0, ExpiresAt = T0.AddHours(1), UsedAt = usedAt };
        var used = Token(A, T0.AddMinutes(1));
        var open1 = Token(A);
        var open2 = Token(A) with { Purpose = PasswordResetToken.EmailChangePurpose, NewEmail = Email("new") };
        var others = Token(B);
        foreach (var t in new[] { used, open1, open2, others })
        {
            await credentials.CreateResetTokenAsync(t, Ct);
        }

        Assert.Equal(open2, await credentials.GetResetTokenAsync(A, open2.Id, Ct));
        await credentials.UseAllResetTokensAsync(A, T0.AddMinutes(5), Ct);

        Assert.Equal(T0.AddMinutes(1), (await credentials.GetResetTokenAsync(A, used.Id, Ct))!.UsedAt);
        Assert.Equal(T0.AddMinutes(5), (await credentials.GetResetTokenAsync(A, open1.Id, Ct))!.UsedAt);
        Assert.Equal(T0.AddMinutes(5), (await credentials.GetResetTokenAsync(A, open2.Id, Ct))!.UsedAt);
        Assert.Null((await credentials.GetResetTokenAsync(B, others.Id, Ct))!.UsedAt);
        Assert.False(await credentials.UseResetTokenAsync(A, open1.Id, T0.AddMinutes(6), Ct));
    }

    private async Task<RefreshSession> StartFamilyAsync(string userId, string familyId)
    {
        var first = NewSession(userId, familyId) with { Id = familyId };
        await Stores.Credentials.CreateFamilyAsync(
            new SessionFamily { Id = familyId, UserId = userId, CreatedAt = T0, ExpiresAt = first.ExpiresAt }, first, Ct);
        return first;
    }

    [Fact]
    public virtual async Task Reset_token_is_usable_once_and_only_by_its_user()
    {
        var credentials = Stores.Credentials;
        var token = new PasswordResetToken { Id = Ids.New(), UserId = A, TokenHash = "h", CreatedAt = T0, ExpiresAt = T0.AddHours(1) };
        await credentials.CreateResetTokenAsync(token, Ct);

        Assert.Equal(token, await credentials.GetResetTokenAsync(A, token.Id, Ct));
        Assert.Null(await credentials.GetResetTokenAsync(B, token.Id, Ct));
        Assert.False(await credentials.UseResetTokenAsync(B, token.Id, T0.AddMinutes(1), Ct));
        Assert.True(await credentials.UseResetTokenAsync(A, token.Id, T0.AddMinutes(5), Ct));
        Assert.False(await credentials.UseResetTokenAsync(A, token.Id, T0.AddMinutes(6), Ct));
        Assert.Equal(T0.AddMinutes(5), (await credentials.GetResetTokenAsync(A, token.Id, Ct))!.UsedAt);
    }
}
