using Kmt.Core.Accounts;
using Kmt.Core.Common;

namespace Kmt.Storage.Contracts;

/// <summary>IUserStore: accounts by id, the unique e-mail and external-subject lookups, ETags.</summary>
public abstract class UserStoreContract : StoreContract
{
    [Fact]
    public virtual async Task Create_get_find_by_email_and_duplicate_email_conflict()
    {
        var user = NewUser(Email("Ada").Replace("ada", "Ada", StringComparison.Ordinal));
        var users = Stores.Users;
        await users.CreateAsync(user, Ct);

        Assert.Equal(user, await users.GetAsync(user.Id, Ct));
        Assert.Equal(user, await users.FindByEmailAsync(user.NormalizedEmail, Ct));
        Assert.Null(await users.FindByEmailAsync(Email("other"), Ct));
        Assert.Null(await users.GetAsync(Ids.New(), Ct));

        var ex = await Assert.ThrowsAsync<KmtException>(() => users.CreateAsync(NewUser(user.NormalizedEmail), Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
    }

    [Fact]
    public virtual async Task Every_field_round_trips()
    {
        var user = NewUser(Email("full")) with
        {
            FirstName = "Ünïcode",
            LastName = "O'Brien \"quoted\"",
            Role = "admin",
            IsActive = false,
            PreferencesJson = """{"theme":"dark","n":[1,2,3],"nested":{"a":true}}""",
            CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2)).AddTicks(2345),
            LastLogin = T0.AddHours(3),
        };
        await Stores.Users.CreateAsync(user, Ct);

        var stored = await Stores.Users.GetAsync(user.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(user.CreatedAt, stored.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(user with { CreatedAt = stored.CreatedAt, PreferencesJson = stored.PreferencesJson }, stored);
        AssertSameJson(user.PreferencesJson, stored.PreferencesJson);
    }

    [Fact]
    public virtual async Task Replace_checks_etag_existence_and_email_uniqueness()
    {
        var users = Stores.Users;
        var ada = NewUser(Email("ada"));
        var bob = NewUser(Email("bob"));
        await users.CreateAsync(ada, Ct);
        await users.CreateAsync(bob, Ct);

        var renamed = ada with { Email = Email("ada2"), NormalizedEmail = Email("ada2"), LastLogin = T0.AddHours(1), ETag = ETags.New() };
        await users.ReplaceAsync(renamed, ada.ETag, Ct);
        Assert.Equal(renamed, await users.GetAsync(ada.Id, Ct));
        Assert.Null(await users.FindByEmailAsync(ada.NormalizedEmail, Ct));
        Assert.Equal(ada.Id, (await users.FindByEmailAsync(renamed.NormalizedEmail, Ct))?.Id);

        var stale = await Assert.ThrowsAsync<KmtException>(() => users.ReplaceAsync(renamed with { FirstName = "X" }, ada.ETag, Ct));
        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);

        var taken = await Assert.ThrowsAsync<KmtException>(() => users.ReplaceAsync(renamed with { NormalizedEmail = bob.NormalizedEmail, ETag = ETags.New() }, renamed.ETag, Ct));
        Assert.Equal(ErrorCode.Conflict, taken.Code);
        Assert.Equal(renamed, await users.GetAsync(ada.Id, Ct));
        Assert.Equal(bob.Id, (await users.FindByEmailAsync(bob.NormalizedEmail, Ct))?.Id);

        var missing = await Assert.ThrowsAsync<KmtException>(() => users.ReplaceAsync(NewUser(Email("c")), "\"x\"", Ct));
        Assert.Equal(ErrorCode.NotFound, missing.Code);

        // The freed address can be taken by a new account.
        await users.CreateAsync(NewUser(ada.NormalizedEmail), Ct);
    }

    [Fact]
    public virtual async Task External_subject_is_a_unique_lookup()
    {
        var users = Stores.Users;
        var subject = $"entra|tenant|{Guid.NewGuid()}";
        var user = NewUser(Email("ext")) with { ExternalSubject = subject, PasswordHash = "", NormalizedEmail = "external|" + subject };
        await users.CreateAsync(user, Ct);

        Assert.Equal(user.Id, (await users.FindByExternalSubjectAsync(subject, Ct))?.Id);
        Assert.Null(await users.FindByExternalSubjectAsync(subject.ToUpperInvariant(), Ct));
        Assert.Null(await users.FindByExternalSubjectAsync($"entra|tenant|{Guid.NewGuid()}", Ct));

        var twin = NewUser(Email("ext2")) with { ExternalSubject = subject };
        var ex = await Assert.ThrowsAsync<KmtException>(() => users.CreateAsync(twin, Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
        Assert.Null(await users.GetAsync(twin.Id, Ct));
    }

    [Fact]
    public virtual async Task Replace_keeps_and_changes_the_external_subject()
    {
        var users = Stores.Users;
        var subject = $"entra|tenant|{Guid.NewGuid()}";
        var user = NewUser(Email("keep")) with { ExternalSubject = subject };
        await users.CreateAsync(user, Ct);

        var promoted = user with { Role = "premium_user", ETag = ETags.New() };
        await users.ReplaceAsync(promoted, user.ETag, Ct);
        Assert.Equal(promoted, await users.FindByExternalSubjectAsync(subject, Ct));

        var other = NewUser(Email("other")) with { ExternalSubject = $"entra|tenant|{Guid.NewGuid()}" };
        await users.CreateAsync(other, Ct);
        var ex = await Assert.ThrowsAsync<KmtException>(() => users.ReplaceAsync(other with { ExternalSubject = subject, ETag = ETags.New() }, other.ETag, Ct));
        Assert.Equal(ErrorCode.Conflict, ex.Code);
    }

    [Fact]
    public virtual async Task Sixteen_concurrent_registrations_of_one_email_make_exactly_one_account()
    {
        var users = Stores.Users;
        var email = Email("race");
        var candidates = Enumerable.Range(0, 16).Select(_ => NewUser(email)).ToList();

        var outcomes = await Task.WhenAll(candidates.Select(user => Task.Run(async () =>
        {
            try
            {
                await users.CreateAsync(user, Ct);
                return (User: user, Error: (ErrorCode?)null);
            }
            catch (KmtException e)
            {
                return (User: user, Error: e.Code);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Error is null).User;
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(ErrorCode.Conflict, o.Error));
        Assert.Equal(winner.Id, (await users.FindByEmailAsync(email, Ct))?.Id);
        foreach (var loser in candidates.Where(c => c.Id != winner.Id))
        {
            Assert.Null(await users.GetAsync(loser.Id, Ct));
        }
    }

    [Fact]
    public virtual async Task Sixteen_concurrent_first_calls_of_an_external_identity_resolve_to_one_account()
    {
        var accounts = new ExternalAccountService(Stores.Users, TimeProvider.System);
        var identity = new ExternalIdentity($"entra|tenant|{Guid.NewGuid()}", "user", Email("entra"), "Ada", null);

        var resolved = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => accounts.ResolveAsync(identity, Ct))));

        var id = Assert.Single(resolved.Select(u => u.Id).Distinct());
        Assert.Equal(id, (await Stores.Users.FindByExternalSubjectAsync(identity.Subject, Ct))?.Id);
    }

    [Fact]
    public virtual async Task Active_user_ids_page_in_ordinal_order_without_inactive_accounts()
    {
        // Ids sharing this test's prefix, so other tests' users in a shared store never interfere.
        var prefix = "active-" + Run + "-";
        var active = new[] { "b", "a", "D", "c" }.Select(s => prefix + s).ToArray();
        foreach (var id in active)
        {
            await Stores.Users.CreateAsync(NewUser(Email(id), id), Ct);
        }

        await Stores.Users.CreateAsync(NewUser(Email("gone"), prefix + "bb") with { IsActive = false }, Ct);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await Stores.Users.ListActiveUserIdsAsync(after, 2, Ct);
            Assert.True(page.Count <= 2);
            Assert.Equal(page.OrderBy(x => x, StringComparer.Ordinal), page);
            if (after is not null)
            {
                Assert.All(page, id => Assert.True(string.CompareOrdinal(id, after) > 0));
            }

            seen.AddRange(page);
            if (page.Count < 2)
            {
                break;
            }

            after = page[^1];
        }

        var mine = seen.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(active.OrderBy(x => x, StringComparer.Ordinal), mine);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(await Stores.Users.ListActiveUserIdsAsync(null, 0, Ct));
    }

    private static void AssertSameJson(string expected, string actual)
    {
        using var e = System.Text.Json.JsonDocument.Parse(expected);
        using var a = System.Text.Json.JsonDocument.Parse(actual);
        Assert.True(System.Text.Json.JsonElement.DeepEquals(e.RootElement, a.RootElement), $"expected {expected}, got {actual}");
    }
}
