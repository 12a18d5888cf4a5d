using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Storage.Embedded.Accounts;

namespace Kmt.Storage.Embedded.Tests;

public sealed class AccountStoreTests : TestDatabase
{
    public static User NewUser(string email) => new()
    {
        Id = Ids.New(),
        Email = email,
        NormalizedEmail = email.Trim().ToLowerInvariant(),
        PasswordHash = "hash",
        FirstName = "Ada",
        LastName = null,
        Role = "user",
        PreferencesJson = """{"theme":"dark"}""",
        CreatedAt = T0,
        UpdatedAt = T0,
        ETag = ETags.New(),
    };

    [Fact]
    public async Task User_create_get_find_and_duplicate_email_conflict()
    {
        var user = NewUser("Ada@Example.org");
        await Users.CreateAsync(user, Ct);

        var byId = await Users.GetAsync(user.Id, Ct);
        var byEmail = await Users.FindByEmailAsync("ada@example.org", Ct);
        Assert.Equal(user, byId);
        Assert.Equal(user, byEmail);
        Assert.Null(await Users.FindByEmailAsync("other@example.org", Ct));

        var ex = await Assert.ThrowsAsync<KmtException>(() => Users.CreateAsync(NewUser("ada@example.org"), Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
        Assert.Equal("An account with this email already exists.", ex.Message);
    }

    [Fact]
    public async Task User_replace_checks_etag_existence_and_email_uniqueness()
    {
        var ada = NewUser("ada@example.org");
        var bob = NewUser("bob@example.org");
        await Users.CreateAsync(ada, Ct);
        await Users.CreateAsync(bob, Ct);

        var renamed = ada with { Email = "ada2@example.org", NormalizedEmail = "ada2@example.org", LastLogin = T0.AddHours(1), ETag = ETags.New() };
        await Users.ReplaceAsync(renamed, ada.ETag, Ct);
        Assert.Equal(renamed, await Users.GetAsync(ada.Id, Ct));
        Assert.Null(await Users.FindByEmailAsync("ada@example.org", Ct));

        var stale = await Assert.ThrowsAsync<KmtException>(() => Users.ReplaceAsync(renamed with { FirstName = "X" }, ada.ETag, Ct));
        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);

        var taken = await Assert.ThrowsAsync<KmtException>(() => Users.ReplaceAsync(renamed with { NormalizedEmail = "bob@example.org", ETag = ETags.New() }, renamed.ETag, Ct));
        Assert.Equal(ErrorCode.Conflict, taken.Code);

        var missing = await Assert.ThrowsAsync<KmtException>(() => Users.ReplaceAsync(NewUser("c@example.org"), "\"x\"", Ct));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    private static RefreshSession NewSession(string userId, string familyId) => new()
    {
        Id = Ids.New(),
        UserId = userId,
        FamilyId = familyId,
        TokenHash = Guid.NewGuid().ToString("N"),
        CreatedAt = T0,
        ExpiresAt = T0.AddDays(30),
        IpAddress = "127.0.0.1",
        UserAgent = "tests",
    };

    [Fact]
    public async Task Session_rotation_succeeds_once_and_the_second_rotation_loses()
    {
        const string user = "u1";
        var session = NewSession(user, "family");
        await Credentials.CreateSessionAsync(session, Ct);
        Assert.Equal(session, await Credentials.GetSessionAsync(user, session.Id, Ct));

        var next = NewSession(user, "family");
        var other = NewSession(user, "family");
        Assert.True(await Credentials.RotateSessionAsync(user, session.Id, T0.AddMinutes(1), next, Ct));
        Assert.False(await Credentials.RotateSessionAsync(user, session.Id, T0.AddMinutes(2), other, Ct));

        var used = await Credentials.GetSessionAsync(user, session.Id, Ct);
        Assert.Equal(T0.AddMinutes(1), used!.UsedAt);
        Assert.Equal(next.Id, used.ReplacedById);
        Assert.NotNull(await Credentials.GetSessionAsync(user, next.Id, Ct));
        Assert.Null(await Credentials.GetSessionAsync(user, other.Id, Ct));
    }

    [Fact]
    public async Task Concurrent_rotations_of_one_session_have_exactly_one_winner()
    {
        const string user = "u1";
        var session = NewSession(user, "family");
        await Credentials.CreateSessionAsync(session, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Credentials.RotateSessionAsync(user, session.Id, T0.AddMinutes(1), NewSession(user, "family"), Ct))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Reset_token_is_usable_once()
    {
        var token = new PasswordResetToken { Id = Ids.New(), UserId = "u1", TokenHash = "h", CreatedAt = T0, ExpiresAt = T0.AddHours(1) };
        await Credentials.CreateResetTokenAsync(token, Ct);

        Assert.Equal(token, await Credentials.GetResetTokenAsync("u1", token.Id, Ct));
        Assert.Null(await Credentials.GetResetTokenAsync("u2", token.Id, Ct));
        Assert.True(await Credentials.UseResetTokenAsync("u1", token.Id, T0.AddMinutes(5), Ct));
        Assert.False(await Credentials.UseResetTokenAsync("u1", token.Id, T0.AddMinutes(6), Ct));
        Assert.Equal(T0.AddMinutes(5), (await Credentials.GetResetTokenAsync("u1", token.Id, Ct))!.UsedAt);
    }

    [Fact]
    public void Signing_key_is_generated_once_persisted_and_reused()
    {
        var first = new EmbeddedSigningKeySource(Options);
        var pem = first.Load().CurrentPem;

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Directory, EmbeddedSigningKeySource.FileName)));
        using (var rsa = System.Security.Cryptography.RSA.Create())
        {
            rsa.ImportFromPem(pem);
            Assert.Equal(2048, rsa.KeySize);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyPath));
        }

        var second = new EmbeddedSigningKeySource(Options);
        Assert.Equal(new SigningKeyMaterial(pem, []), second.Load());
        Assert.Single(System.IO.Directory.GetFiles(Directory, "signing-key*"));
    }

    [Fact]
    public void Rotation_makes_a_new_current_key_keeps_the_old_one_as_previous_and_other_instances_read_it_without_a_restart()
    {
        var running = new EmbeddedSigningKeySource(Options);
        var before = running.Load();

        new EmbeddedSigningKeySource(Options).Rotate();

        var after = running.Load(); // the same instance, read again
        Assert.NotEqual(before.CurrentPem, after.CurrentPem);
        Assert.Equal([before.CurrentPem], after.PreviousPems);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(running.PreviousKeyPath));
        }

        running.Rotate();
        Assert.Equal([after.CurrentPem], running.Load().PreviousPems);
        Assert.Equal(2, System.IO.Directory.GetFiles(Directory, "signing-key*").Length);
    }

    [Fact]
    public async Task Signing_key_race_between_instances_ends_with_one_key()
    {
        var pems = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new EmbeddedSigningKeySource(Options).Load().CurrentPem)));

        Assert.Single(pems.Distinct());
        Assert.Equal(pems[0], File.ReadAllText(Path.Combine(Directory, EmbeddedSigningKeySource.FileName)));
    }

    [Fact]
    public async Task External_subject_is_stored_found_exactly_and_unique()
    {
        const string subject = "entra|72f988bf-86f1-41af-91ab-2d7cd011db47|5f0e8f9c-1c2d-4d3e-9f00-0123456789ab";
        var local = NewUser("ada@example.org");
        var external = NewUser("ada@example.org") with { NormalizedEmail = "external|" + subject, PasswordHash = "", ExternalSubject = subject };
        await Users.CreateAsync(local, Ct);
        await Users.CreateAsync(external, Ct);

        Assert.Null(local.ExternalSubject);
        Assert.Equal(external, await Users.FindByExternalSubjectAsync(subject, Ct));
        Assert.Equal(external, await Users.GetAsync(external.Id, Ct));
        Assert.Equal(local, await Users.FindByEmailAsync("ada@example.org", Ct));
        Assert.Null(await Users.FindByExternalSubjectAsync(subject.ToUpperInvariant(), Ct));
        Assert.Null(await Users.FindByExternalSubjectAsync("entra|other|other", Ct));

        // Another account for the same identity, even with another e-mail key: CONFLICT.
        var twin = NewUser("twin@example.org") with { ExternalSubject = subject };
        var ex = await Assert.ThrowsAsync<KmtException>(() => Users.CreateAsync(twin, Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
        Assert.Null(await Users.GetAsync(twin.Id, Ct));

        // Many local accounts without one are fine (the unique index skips NULL).
        await Users.CreateAsync(NewUser("bob@example.org"), Ct);
        await Users.CreateAsync(NewUser("eve@example.org"), Ct);
    }

    [Fact]
    public async Task Replace_keeps_and_changes_the_external_subject()
    {
        const string subject = "entra|tenant|object";
        var user = NewUser("ada@example.org") with { ExternalSubject = subject };
        await Users.CreateAsync(user, Ct);

        var promoted = user with { Role = "premium_user", ETag = ETags.New() };
        await Users.ReplaceAsync(promoted, user.ETag, Ct);
        Assert.Equal(promoted, await Users.FindByExternalSubjectAsync(subject, Ct));

        var other = NewUser("bob@example.org") with { ExternalSubject = "entra|tenant|other" };
        await Users.CreateAsync(other, Ct);
        var ex = await Assert.ThrowsAsync<KmtException>(() => Users.ReplaceAsync(other with { ExternalSubject = subject, ETag = ETags.New() }, other.ETag, Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
    }
}
