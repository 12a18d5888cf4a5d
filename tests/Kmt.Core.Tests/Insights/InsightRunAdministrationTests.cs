using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Insights;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Insights;

/// <summary>Administrators page through every user's part of a run; nobody else can.</summary>
public sealed class InsightRunAdministrationTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly Mock<IInsightRunStore> _runs = new(MockBehavior.Strict);
    private readonly InsightRunAdministration _admin;

    public InsightRunAdministrationTests() => _admin = new InsightRunAdministration(_runs.Object, Options(new InsightOptions { MaxAdminRunPage = 3 }));

    [Theory]
    [InlineData(Roles.User)]
    [InlineData(Roles.PremiumUser)]
    public async Task Only_administrators_may_list_a_run(string role)
    {
        var refused = await Assert.ThrowsAsync<KmtException>(() => _admin.ListAsync(new AuthenticatedUser("u", role, "f"), "nightly-2026-01-01", null, null, null, Ct));

        Assert.Equal(ErrorCode.Forbidden, refused.Code);
    }

    [Theory]
    [InlineData("", null, null, "run_id")]
    [InlineData("nightly-2026-01-01", "broken", null, "status")]
    [InlineData("nightly-2026-01-01", null, "0", "limit")]
    [InlineData("nightly-2026-01-01", null, "4", "limit")]
    [InlineData("nightly-2026-01-01", null, "two", "limit")]
    public async Task Bad_parameters_are_named(string runId, string? status, string? limit, string field)
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => _admin.ListAsync(Admin, runId, status, null, limit, Ct));

        Assert.Contains(refused.Errors, e => e.Field == field);
    }

    [Fact]
    public async Task A_page_asks_for_one_more_to_know_whether_another_follows()
    {
        var runs = Enumerable.Range(0, 4).Select(i => Run($"user-{i}")).ToList();
        _runs.Setup(r => r.ListRunsAsync("nightly-2026-01-01", InsightRunStatuses.Failed, "user-", 4, Ct)).ReturnsAsync(runs);

        var page = await _admin.ListAsync(Admin, "nightly-2026-01-01", InsightRunStatuses.Failed, "user-", null, Ct);

        Assert.Equal(["user-0", "user-1", "user-2"], page.Users.Select(u => u.UserId));
        Assert.Equal("user-2", page.Next);
    }

    [Fact]
    public async Task The_last_page_has_no_next()
    {
        _runs.Setup(r => r.ListRunsAsync("nightly-2026-01-01", null, null, 3, Ct)).ReturnsAsync([Run("user-0")]);

        var page = await _admin.ListAsync(Admin, "nightly-2026-01-01", "", null, "2", Ct);

        Assert.Equal(["user-0"], page.Users.Select(u => u.UserId));
        Assert.Null(page.Next);
    }

    private static AuthenticatedUser Admin => new("admin-1", Roles.Admin, "f");

    private static InsightRun Run(string userId) => new()
    {
        UserId = userId,
        RunId = "nightly-2026-01-01",
        Trigger = InsightTriggers.Nightly,
        Status = InsightRunStatuses.Failed,
        AsOf = Start,
        CreatedAt = Start,
        UpdatedAt = Start,
    };
}
