using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Activity;

/// <summary>Searches through the API become activity, with the tracking consent only.</summary>
public sealed class SearchHistoryTests
{
    private readonly InMemoryActivityStore _activities = new();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly AuthenticatedUser _caller = new(Ids.New(), Roles.User, Ids.New());
    private readonly KnowledgeSearchService _service;

    public SearchHistoryTests()
    {
        var clock = Clock();
        var history = new SearchHistory(_activities, new ConsentService(_privacy, new InMemoryUserStore(), new InMemoryAuditLog(), clock), clock);
        _service = new KnowledgeSearchService(new InMemoryKnowledgeStore(), new InMemoryEmbeddingStore(), Options(new SearchOptions()), Limits(), searches: history);
    }

    private Task Search(string query, int page = 1) =>
        _service.SearchAsync(_caller, new SearchInput(query, null, null, null, null, page, null), CancellationToken.None);

    [Fact]
    public async Task A_search_is_recorded_with_its_query_once_not_for_every_page()
    {
        await Search("  spaced repetition ");
        await Search("spaced repetition", page: 2);

        var activity = Assert.Single(_activities.Activities.Values);
        Assert.Equal((SearchHistory.ActivityType, Start), (activity.ActivityType, activity.OccurredAt));
        Assert.Contains("\"query\":\"spaced repetition\"", activity.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_tracking_consent_the_search_runs_and_nothing_is_recorded()
    {
        _privacy.Consents[_caller.UserId] = new UserConsents
        {
            UserId = _caller.UserId,
            Purposes = [new ConsentState(ConsentPurposes.ActivityTracking, false, null, Start)],
            UpdatedAt = Start,
            ETag = ETags.New(),
        };

        await Search("spaced repetition");

        Assert.Empty(_activities.Activities);
    }
}
