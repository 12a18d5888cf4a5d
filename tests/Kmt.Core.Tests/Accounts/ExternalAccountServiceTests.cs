using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Accounts;

public class ExternalAccountServiceTests
{
    private const string Subject = "entra|tenant-1|object-1";

    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly ExternalAccountService _service;

    public ExternalAccountServiceTests() => _service = new ExternalAccountService(_users, _clock);

    private static ExternalIdentity Identity(string role = Roles.User, string? email = "ada@example.com") =>
        new(Subject, role, email, "Ada", "Lovelace");

    [Fact]
    public async Task First_call_creates_the_account_later_calls_find_it()
    {
        var created = await _service.ResolveAsync(Identity(), CancellationToken.None);

        Assert.Equal(Subject, created.ExternalSubject);
        Assert.Equal("ada@example.com", created.Email);
        Assert.Equal("external|" + Subject, created.NormalizedEmail);
        Assert.Equal("", created.PasswordHash);
        Assert.Equal(("Ada", "Lovelace", Roles.User), (created.FirstName, created.LastName, created.Role));
        Assert.Equal(TestSupport.Start, created.CreatedAt);

        var again = await _service.ResolveAsync(Identity(), CancellationToken.None);
        Assert.Equal(created, again);
        Assert.Single(_users.Users);
        Assert.Equal(0, _users.ReplaceCalls);
    }

    [Fact]
    public async Task Never_links_to_a_local_account_with_the_same_email()
    {
        var local = new User
        {
            Id = Ids.New(), Email = "ada@example.com", NormalizedEmail = "ada@example.com", PasswordHash = "x",
            Role = Roles.Admin, CreatedAt = TestSupport.Start, UpdatedAt = TestSupport.Start, ETag = ETags.New(),
        };
        _users.Users[local.Id] = local;

        var external = await _service.ResolveAsync(Identity(), CancellationToken.None);

        Assert.NotEqual(local.Id, external.Id);
        Assert.Equal(Roles.User, external.Role);
        Assert.Equal(local, _users.Users[local.Id]);
    }

    [Fact]
    public async Task Role_follows_the_identity_provider_both_ways()
    {
        var user = await _service.ResolveAsync(Identity(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var premium = await _service.ResolveAsync(Identity(Roles.PremiumUser), CancellationToken.None);
        Assert.Equal((user.Id, Roles.PremiumUser), (premium.Id, premium.Role));
        Assert.NotEqual(user.ETag, premium.ETag);
        Assert.Equal(_clock.GetUtcNow(), premium.UpdatedAt);

        var demoted = await _service.ResolveAsync(Identity(), CancellationToken.None);
        Assert.Equal(Roles.User, demoted.Role);
        Assert.Equal(Roles.User, _users.Users[user.Id].Role);
    }

    [Fact]
    public async Task A_deactivated_account_is_401()
    {
        var user = await _service.ResolveAsync(Identity(), CancellationToken.None);
        _users.Users[user.Id] = user with { IsActive = false };

        await ThrowsKmt(ErrorCode.Unauthorized, () => _service.ResolveAsync(Identity(), CancellationToken.None));
    }

    [Fact]
    public async Task Losing_the_first_call_race_uses_the_winners_account()
    {
        var winner = new User
        {
            Id = Ids.New(), Email = "ada@example.com", NormalizedEmail = "external|" + Subject, PasswordHash = "",
            ExternalSubject = Subject, Role = Roles.User, CreatedAt = TestSupport.Start, UpdatedAt = TestSupport.Start, ETag = ETags.New(),
        };
        var store = new Mock<IUserStore>();
        store.SetupSequence(s => s.FindByExternalSubjectAsync(Subject, It.IsAny<CancellationToken>()))
            .ReturnsAsync((User?)null)
            .ReturnsAsync(winner);
        store.Setup(s => s.CreateAsync(It.IsAny<User>(), It.IsAny<CancellationToken>())).ThrowsAsync(KmtException.Conflict("taken"));

        var user = await new ExternalAccountService(store.Object, _clock).ResolveAsync(Identity(), CancellationToken.None);

        Assert.Equal(winner, user);
    }
}
