using Kmt.Core.Accounts;
using Kmt.Core.Privacy;

namespace Kmt.Storage.Contracts;

/// <summary>IAuditLog: newest first, keyset and offset paging, counts, per user, erased with the account.</summary>
public abstract class AuditLogContract : StoreContract
{
    private async Task<List<AuditEntry>> SeedAsync(string userId, int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            var entry = AuditEvents.Create(userId, AuditEvents.SignIn, T0.AddMinutes(i / 2), new ClientInfo("10.0.0." + i, "agent"), i % 3 == 0 ? AuditEvents.Failure : AuditEvents.Success,
                new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await Stores.Audit.AppendAsync(entry, Ct);
            entries.Add(entry);
        }

        return entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public virtual async Task Entries_are_listed_newest_first_and_paged_by_position_or_offset()
    {
        var expected = await SeedAsync(A, 7);
        await SeedAsync(B, 2);

        Assert.Equal(7, await Stores.Audit.CountAsync(A, Ct));
        var all = await Stores.Audit.ListAsync(A, null, 0, 100, Ct);
        Assert.Equal(expected.Select(e => e.Id), all.Select(e => e.Id));
        Assert.Equal(expected[0].IpAddress, all[0].IpAddress);
        Assert.Equal(expected[0].Details, all[0].Details);
        Assert.Equal(expected[0].Outcome, all[0].Outcome);
        Assert.Equal(expected[0].At, all[0].At);

        var first = await Stores.Audit.ListAsync(A, null, 0, 3, Ct);
        var next = await Stores.Audit.ListAsync(A, new AuditPosition(first[^1].At, first[^1].Id), 0, 3, Ct);
        Assert.Equal(expected.Skip(3).Take(3).Select(e => e.Id), next.Select(e => e.Id));
        Assert.Equal(expected.Skip(6).Select(e => e.Id), (await Stores.Audit.ListAsync(A, null, 6, 3, Ct)).Select(e => e.Id));
        Assert.All(await Stores.Audit.ListAsync(B, null, 0, 100, Ct), e => Assert.Equal(B, e.UserId));
    }

    [Fact]
    public virtual async Task The_log_is_erased_with_the_account()
    {
        await Stores.Users.CreateAsync(NewUser(Email("a"), A), Ct);
        await SeedAsync(A, 2);
        await SeedAsync(B, 1);

        await Stores.Eraser.EraseAsync(A, Ct);

        Assert.Equal(0, await Stores.Audit.CountAsync(A, Ct));
        Assert.Equal(1, await Stores.Audit.CountAsync(B, Ct));
    }
}
