using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Privacy;

public class ConsentServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryUserStore _users = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly ConsentService _service;
    private readonly AuthenticatedUser _caller;
    private readonly User _user;

    public ConsentServiceTests()
    {
        _service = new ConsentService(_privacy, _users, _audit, _clock);
        _user = new User
        {
            Id = Ids.New(), Email = "a@example.com", NormalizedEmail = "a@example.com", PasswordHash = "x", Role = Roles.User,
            CreatedAt = Start.AddDays(-3), UpdatedAt = Start, ETag = ETags.New(),
        };
        _users.Users[_user.Id] = _user;
        _caller = new AuthenticatedUser(_user.Id, Roles.User, Ids.New());
    }

    private static Dictionary<string, bool?> Body(bool tracking, bool insights = false, bool notifications = false) => new()
    {
        [ConsentPurposes.ActivityTracking] = tracking,
        [ConsentPurposes.PersonalisedInsights] = insights,
        [ConsentPurposes.Notifications] = notifications,
    };

    [Fact]
    public async Task A_new_account_has_the_documented_defaults_given_at_sign_up()
    {
        var consents = await _service.GetAsync(_caller, CancellationToken.None);

        var tracking = consents.Purposes.Single(p => p.Purpose == ConsentPurposes.ActivityTracking);
        Assert.True(tracking.Granted);
        Assert.Equal(_user.CreatedAt, tracking.GivenAt);
        Assert.All(consents.Purposes.Where(p => p.Purpose != ConsentPurposes.ActivityTracking), p => Assert.False(p.Granted));
        await _service.RequireAsync(_user.Id, ConsentPurposes.ActivityTracking, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<KmtException>(() => _service.RequireAsync(_user.Id, ConsentPurposes.PersonalisedInsights, CancellationToken.None));
        Assert.Equal(ErrorCode.ConsentRequired, refused.Code);
    }

    [Fact]
    public async Task Withdrawing_and_granting_again_records_each_instant_and_an_audit_entry()
    {
        _clock.Advance(TimeSpan.FromHours(1));
        var withdrawn = await _service.ReplaceAsync(_caller, Body(false), null, new ClientInfo("10.0.0.1", "ua"), CancellationToken.None);
        var tracking = withdrawn.Purposes.Single(p => p.Purpose == ConsentPurposes.ActivityTracking);
        Assert.False(tracking.Granted);
        Assert.Equal(_clock.GetUtcNow(), tracking.WithdrawnAt);
        Assert.Equal(_user.CreatedAt, tracking.GivenAt);
        await Assert.ThrowsAsync<KmtException>(() => _service.RequireAsync(_user.Id, ConsentPurposes.ActivityTracking, CancellationToken.None));

        _clock.Advance(TimeSpan.FromHours(1));
        var granted = await _service.ReplaceAsync(_caller, Body(true, insights: true), withdrawn.ETag, null, CancellationToken.None);
        Assert.NotEqual(withdrawn.ETag, granted.ETag);
        Assert.Equal(_clock.GetUtcNow(), granted.Purposes.Single(p => p.Purpose == ConsentPurposes.ActivityTracking).GivenAt);
        Assert.True(granted.Purposes.Single(p => p.Purpose == ConsentPurposes.PersonalisedInsights).Granted);

        Assert.Equal(2, _audit.Entries.Count(e => e.EventType == AuditEvents.ConsentChanged && e.UserId == _user.Id));
        Assert.Equal("10.0.0.1", _audit.Entries[0].IpAddress);
        Assert.Equal("activity_tracking=withdrawn", _audit.Entries[0].Details!["changes"]);
    }

    [Fact]
    public async Task Put_needs_every_purpose_refuses_unknown_ones_and_honours_if_match()
    {
        var missing = await ThrowsValidation(() => _service.ReplaceAsync(_caller, new Dictionary<string, bool?> { [ConsentPurposes.ActivityTracking] = true }, null, null, CancellationToken.None));
        HasError(missing, ConsentPurposes.Notifications);
        var body = Body(true);
        body["marketing"] = true;
        HasError(await ThrowsValidation(() => _service.ReplaceAsync(_caller, body, null, null, CancellationToken.None)), "marketing");

        var stale = await Assert.ThrowsAsync<KmtException>(() => _service.ReplaceAsync(_caller, Body(false), "\"stale\"", null, CancellationToken.None));
        Assert.Equal(ErrorCode.PreconditionFailed, stale.Code);
        Assert.Empty(_privacy.Consents);
        Assert.Empty(_audit.Entries);
    }
}
