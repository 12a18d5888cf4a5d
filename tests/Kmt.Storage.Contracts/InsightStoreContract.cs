using Kmt.Core.Common;
using Kmt.Core.Insights.Discovery;

namespace Kmt.Storage.Contracts;

/// <summary>IInsightStore: records keyed (user, id) and replaced whole, listed per kind best first; conditional status changes; feedback added once per id.</summary>
public abstract class InsightStoreContract : StoreContract
{
    private IInsightStore Insights => Stores.InsightRecords;

    [Fact]
    public virtual async Task Records_round_trip_and_an_upsert_replaces_by_id()
    {
        var first = NewRecord(A, "a1", InsightKinds.Dormant, 0.5);
        await Insights.UpsertAsync(A, [first], Ct);
        Assert.Equal(first, await Insights.GetAsync(A, first.Id, Ct));

        var changed = first with
        {
            RunId = "run-2", Score = 0.123456789, Status = InsightStatuses.Viewed, Current = false, PayloadJson = "{\"title\":\"Ünïcode “quoted”\"}",
            UpdatedAt = T0.AddMinutes(3).AddTicks(7), StatusChangedAt = T0.AddMinutes(2), ETag = ETags.New(),
        };
        await Insights.UpsertAsync(A, [changed], Ct);

        Assert.Equal(changed, await Insights.GetAsync(A, first.Id, Ct));
        Assert.Single(await Insights.ListAsync(A, InsightKinds.Dormant, Ct));
    }

    [Fact]
    public virtual async Task A_kind_is_listed_best_first_ties_by_id_and_only_the_users_own()
    {
        await Insights.UpsertAsync(A, [NewRecord(A, "b", InsightKinds.Gap, 0.2), NewRecord(A, "c", InsightKinds.Gap, 0.9), NewRecord(A, "a", InsightKinds.Gap, 0.2), NewRecord(A, "d", InsightKinds.Content, 1)], Ct);
        await Insights.UpsertAsync(B, [NewRecord(B, "e", InsightKinds.Gap, 0.5)], Ct);

        var gaps = await Insights.ListAsync(A, InsightKinds.Gap, Ct);

        // Ties are ordered by id (an opaque key), so the two 0.2 gaps follow in id order.
        Assert.Equal("c", gaps[0].Subject);
        Assert.Equal(["a", "b"], gaps.Skip(1).Select(g => g.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(gaps.Skip(1).Select(g => g.Id).Order(StringComparer.Ordinal), gaps.Skip(1).Select(g => g.Id));
        Assert.Null(await Insights.GetAsync(B, gaps[0].Id, Ct));
        Assert.Empty(await Insights.ListAsync(A, InsightKinds.Learning, Ct));
    }

    [Fact]
    public virtual async Task A_replace_succeeds_only_at_the_expected_etag()
    {
        var record = NewRecord(A, "x", InsightKinds.Dormant, 0.4);
        await Insights.UpsertAsync(A, [record], Ct);
        var viewed = record with { Status = InsightStatuses.Viewed, ETag = ETags.New() };

        Assert.False(await Insights.ReplaceAsync(viewed, ETags.New(), Ct));
        Assert.Equal(record, await Insights.GetAsync(A, record.Id, Ct));
        Assert.True(await Insights.ReplaceAsync(viewed, record.ETag, Ct));
        Assert.Equal(viewed, await Insights.GetAsync(A, record.Id, Ct));
        Assert.False(await Insights.ReplaceAsync(viewed with { UserId = B }, viewed.ETag, Ct));
        Assert.False(await Insights.ReplaceAsync(NewRecord(A, "missing", InsightKinds.Dormant, 0), "\"x\"", Ct));
    }

    [Fact]
    public virtual async Task Feedback_is_added_once_per_id_and_listed_oldest_first()
    {
        var later = new InsightFeedback { UserId = A, Id = Ids.New(), InsightType = InsightKinds.Gap, InsightId = "g", Feedback = FeedbackValues.Useful, CreatedAt = T0.AddMinutes(1) };
        var earlier = later with { Id = Ids.New(), Feedback = FeedbackValues.Dismiss, CreatedAt = T0 };
        await Insights.AddFeedbackAsync(later, Ct);
        await Insights.AddFeedbackAsync(earlier, Ct);
        await Insights.AddFeedbackAsync(later with { Feedback = FeedbackValues.NotUseful }, Ct);
        await Insights.AddFeedbackAsync(later with { UserId = B, Id = Ids.New() }, Ct);

        Assert.Equal([earlier, later], await Insights.ListFeedbackAsync(A, Ct));
    }

    private static InsightRecord NewRecord(string user, string subject, string kind, double score) => new()
    {
        UserId = user,
        Id = InsightIds.For(user, kind, subject),
        Kind = kind,
        Subject = subject,
        RunId = "run-1",
        Score = score,
        Status = InsightStatuses.New,
        Current = true,
        PayloadJson = "{\"item_id\":\"" + subject + "\"}",
        CreatedAt = T0,
        UpdatedAt = T0.AddSeconds(1),
        StatusChangedAt = T0,
        ETag = ETags.New(),
    };
}
