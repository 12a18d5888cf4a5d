using System.Globalization;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Tags;

namespace Kmt.Core.Tests.Fakes;

/// <summary>A faithful-enough knowledge store: ETag checks, versions, keyset paging with snapshots.</summary>
internal sealed class InMemoryKnowledgeStore : IKnowledgeStore
{
    public Dictionary<(string UserId, string Id), KnowledgeItem> Items { get; } = new();

    public List<KnowledgeItemVersion> Versions { get; } = [];

    public List<KnowledgeListQuery> ListQueries { get; } = [];

    public List<KnowledgeSearchQuery> SearchQueries { get; } = [];

    public List<(string UserId, string OldPath, string NewPath)> Renames { get; } = [];

    public List<(string UserId, string Path)> Removals { get; } = [];

    public Task<KnowledgeItem?> GetAsync(string userId, string itemId, CancellationToken cancellationToken) =>
        Task.FromResult(Items.GetValueOrDefault((userId, itemId)));

    /// <summary>Runs before every create (a test makes it throw what a store would).</summary>
    public Action<KnowledgeItem>? OnCreate { get; set; }

    public Task CreateAsync(KnowledgeItem item, CancellationToken cancellationToken)
    {
        OnCreate?.Invoke(item);
        // Like the real stores: an id that is taken is a CONFLICT.
        if (!Items.TryAdd((item.UserId, item.Id), item))
        {
            throw KmtException.Conflict("An item with this id already exists.");
        }

        return Task.CompletedTask;
    }

    public Task ReplaceAsync(KnowledgeItem item, string expectedETag, KnowledgeItemVersion? previous, CancellationToken cancellationToken)
    {
        if (!Items.TryGetValue((item.UserId, item.Id), out var stored))
        {
            throw KmtException.NotFound("Knowledge item");
        }

        if (stored.ETag != expectedETag)
        {
            throw KmtException.PreconditionFailed();
        }

        var (count, at) = AccessCounting.Merge(stored.AccessCount, stored.AccessedAt, item.AccessCount, item.AccessedAt);
        Items[(item.UserId, item.Id)] = item with { AccessCount = count, AccessedAt = at };
        if (previous is not null)
        {
            Versions.Add(previous);
        }

        return Task.CompletedTask;
    }

    public Task<KnowledgeItem?> FindBySourceIdAsync(string userId, string sourceId, CancellationToken cancellationToken) =>
        Task.FromResult(Items.Values.FirstOrDefault(i => i.UserId == userId && i.SourceId == sourceId));

    public List<IReadOnlyList<AccessTally>> AccessBatches { get; } = [];

    public Task RecordAccessesAsync(IReadOnlyList<AccessTally> tallies, CancellationToken cancellationToken)
    {
        AccessBatches.Add(tallies);
        foreach (var tally in tallies)
        {
            if (Items.TryGetValue((tally.UserId, tally.ItemId), out var item))
            {
                Items[(tally.UserId, tally.ItemId)] = item with
                {
                    AccessCount = item.AccessCount + tally.Count,
                    AccessedAt = tally.LastAccessedAt > item.AccessedAt ? tally.LastAccessedAt : item.AccessedAt,
                };
            }
        }

        return Task.CompletedTask;
    }

    public Task<KnowledgeItem?> RecordAccessAsync(string userId, string itemId, DateTimeOffset accessedAt, CancellationToken cancellationToken)
    {
        if (!Items.TryGetValue((userId, itemId), out var item))
        {
            return Task.FromResult<KnowledgeItem?>(null);
        }

        item = item with { AccessedAt = accessedAt, AccessCount = item.AccessCount + 1 };
        Items[(userId, itemId)] = item;
        return Task.FromResult<KnowledgeItem?>(item);
    }

    public Task<int> SetImportanceScoresAsync(string userId, IReadOnlyDictionary<string, double> scores, CancellationToken cancellationToken)
    {
        var updated = 0;
        foreach (var (itemId, score) in scores)
        {
            if (Items.TryGetValue((userId, itemId), out var item))
            {
                Items[(userId, itemId)] = item with { ImportanceScore = score };
                updated++;
            }
        }

        return Task.FromResult(updated);
    }

    public Task<Page<KnowledgeItem>> ListAsync(KnowledgeListQuery query, CancellationToken cancellationToken)
    {
        ListQueries.Add(query);
        var matches = Items.Values
            .Where(i => i.UserId == query.UserId)
            .Where(i => query.Deleted ? i.DeletedAt is not null : i.DeletedAt is null)
            .Where(i => query.Tag is null || i.Tags.Any(t => TagPath.IsSameOrDescendant(t, query.Tag)))
            .Where(i => query.ContentType is null || i.ContentType == query.ContentType)
            .Where(i => query.Archived is null || i.IsArchived == query.Archived)
            .Where(i => query.UpdatedSince is null || i.UpdatedAt >= query.UpdatedSince)
            .Where(i => query.CreatedAtOrBefore is null || i.CreatedAt <= query.CreatedAtOrBefore)
            .ToList();

        var ordered = (query.Descending
                ? matches.OrderByDescending(i => Key(i, query.Sort)).ThenByDescending(i => i.Id, StringComparer.Ordinal)
                : matches.OrderBy(i => Key(i, query.Sort)).ThenBy(i => i.Id, StringComparer.Ordinal))
            .ToList();

        IEnumerable<KnowledgeItem> rest = ordered;
        if (query.After is { } after)
        {
            var afterKey = double.Parse(after.SortValue, CultureInfo.InvariantCulture);
            rest = ordered.Where(i =>
            {
                var c = Key(i, query.Sort).CompareTo(afterKey);
                if (c == 0)
                {
                    c = string.CompareOrdinal(i.Id, after.Id);
                }

                return query.Descending ? c < 0 : c > 0;
            });
        }
        else
        {
            rest = ordered.Skip(query.Skip);
        }

        var remaining = rest.ToList();
        var page = remaining.Take(query.Take).ToList();
        var next = remaining.Count > query.Take
            ? new KeysetPosition(Key(page[^1], query.Sort).ToString("R", CultureInfo.InvariantCulture), page[^1].Id)
            : null;
        return Task.FromResult(new Page<KnowledgeItem>(page.Select(KnowledgePreview.ForListing).ToList(), ordered.Count, next));
    }

    public Task<Page<KnowledgeItemVersion>> ListVersionsAsync(string userId, string itemId, int skip, int take, CancellationToken cancellationToken)
    {
        var all = Versions.Where(v => v.UserId == userId && v.ItemId == itemId).OrderByDescending(v => v.Version).ToList();
        return Task.FromResult(new Page<KnowledgeItemVersion>(all.Skip(skip).Take(take).ToList(), all.Count, null));
    }

    public Task<bool> EraseAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        Versions.RemoveAll(v => v.UserId == userId && v.ItemId == itemId);
        return Task.FromResult(Items.Remove((userId, itemId)));
    }

    public Func<KnowledgeSearchQuery, (IReadOnlyList<SearchHit>, long)> OnSearch { get; set; } = _ => ([], 0);

    public Task<(IReadOnlyList<SearchHit> Hits, long Total)> SearchAsync(KnowledgeSearchQuery query, CancellationToken cancellationToken)
    {
        SearchQueries.Add(query);
        return Task.FromResult(OnSearch(query));
    }

    public Task<int> RenameTagAsync(string userId, string oldPath, string newPath, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Renames.Add((userId, oldPath, newPath));
        return Task.FromResult(0);
    }

    public Task<int> RemoveTagAsync(string userId, string path, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Removals.Add((userId, path));
        return Task.FromResult(0);
    }

    public Task<bool> ClearGraphPendingAsync(string userId, string itemId, string etag, CancellationToken cancellationToken)
    {
        if (!Items.TryGetValue((userId, itemId), out var stored) || stored.ETag != etag)
        {
            return Task.FromResult(false);
        }

        Items[(userId, itemId)] = stored with { GraphPendingSince = null };
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<ItemKey>> ListGraphPendingAsync(DateTimeOffset before, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ItemKey>>(Items.Values
            .Where(i => i.GraphPendingSince is { } since && since < before)
            .OrderBy(i => i.GraphPendingSince)
            .Take(take)
            .Select(i => new ItemKey(i.UserId, i.Id))
            .ToList());

    public Task<IReadOnlyList<ItemKey>> ListGraphPendingForUserAsync(string userId, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ItemKey>>(Items.Values
            .Where(i => i.UserId == userId && i.GraphPendingSince is not null)
            .OrderBy(i => i.GraphPendingSince).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(take)
            .Select(i => new ItemKey(i.UserId, i.Id))
            .ToList());

    public Task<IReadOnlyDictionary<string, int>> CountByTagAsync(string userId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(
            Items.Values.Where(i => i.UserId == userId && i.DeletedAt is null)
                .SelectMany(i => i.Tags)
                .Where(tags.Contains)
                .GroupBy(t => t)
                .ToDictionary(g => g.Key, g => g.Count()));

    private static double Key(KnowledgeItem item, KnowledgeSortField sort) => sort switch
    {
        KnowledgeSortField.UpdatedAt => item.UpdatedAt.UtcTicks,
        KnowledgeSortField.AccessedAt => item.AccessedAt.UtcTicks,
        KnowledgeSortField.ImportanceScore => item.ImportanceScore,
        _ => item.CreatedAt.UtcTicks,
    };
}
