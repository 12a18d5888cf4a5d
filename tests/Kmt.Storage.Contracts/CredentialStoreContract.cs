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
        var a = NewSession(A, "f1");
        var b = NewSession(A, "f1");
        var c = NewSession(A, "f2");
        var d = NewSession(A, "f3");
        var otherUser = NewSession(B, "f1");
        foreach (var s in new[] { a, b, c, d, otherUser })
        {
            await credentials.CreateSessionAsync(s, Ct);
        }

        await credentials.RevokeSessionAsync(A, d.Id, T0.AddMinutes(1), Ct);
        Assert.False(await credentials.RotateSessionAsync(A, d.Id, T0.AddMinutes(2), NewSession(A, "f3"), Ct));

        await credentials.RevokeFamilyAsync(A, "f1", T0.AddMinutes(3), Ct);
        Assert.Equal(T0.AddMinutes(3), (await credentials.GetSessionAsync(A, a.Id, Ct))!.RevokedAt);
        Assert.Equal(T0.AddMinutes(3), (await credentials.GetSessionAsync(A, b.Id, Ct))!.RevokedAt);
        Assert.Null((await credentials.GetSessionAsync(A, c.Id, Ct))!.RevokedAt);
        Assert.Null((await credentials.GetSessionAsync(B, otherUser.Id, Ct))!.RevokedAt);

        await credentials.RevokeAllSessionsAsync(A, T0.AddMinutes(4), Ct);
        Assert.Equal(T0.AddMinutes(4), (await credentials.GetSessionAsync(A, c.Id, Ct))!.RevokedAt);
        Assert.Equal(T0.AddMinutes(1), (await credentials.GetSessionAsync(A, d.Id, Ct))!.RevokedAt);
        Assert.Equal(T0.AddMinutes(3), (await credentials.GetSessionAsync(A, a.Id, Ct))!.RevokedAt);
        Assert.Null((await credentials.GetSessionAsync(B, otherUser.Id, Ct))!.RevokedAt);
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
