using Kmt.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Knowledge;

/// <summary>
/// The accesses counted by GETs that are not in the store yet (docs/design/storage.md, "Access counts").
/// A read adds to an in-memory tally per item instead of writing to the store; a background flusher
/// (the host's hosted service) calls <see cref="FlushAsync"/> every
/// <see cref="AccessCountingOptions.FlushInterval"/>, when <see cref="WhenFull"/> completes, and on
/// shutdown. A store adds the counts (SQL increment, Cosmos DB Patch increment), so several instances
/// flushing the same item never overwrite each other. A flush that fails puts its tallies back for the
/// next one; only a crash loses what was waiting, at most one interval of accesses.
/// </summary>
public sealed class PendingAccesses : IWriteBehindBuffer
{
    private readonly IKnowledgeStore _items;
    private readonly AccessCountingOptions _options;
    private readonly ILogger<PendingAccesses>? _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<(string UserId, string ItemId), Tally> _pending = [];
    private TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingAccesses(IKnowledgeStore items, IOptions<AccessCountingOptions> options, ILogger<PendingAccesses>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _items = items;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>False when Kmt:AccessCounting:Batched is off: every read then writes its access at once.</summary>
    public bool IsBatched => _options.Batched;

    /// <inheritdoc />
    public TimeSpan FlushInterval => _options.FlushInterval > TimeSpan.Zero ? _options.FlushInterval : TimeSpan.FromSeconds(5);

    /// <summary>Distinct items with accesses waiting.</summary>
    public int PendingItems
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Completes when <see cref="AccessCountingOptions.MaxPendingItems"/> items are waiting (a new task after each flush).</summary>
    public Task WhenFull
    {
        get
        {
            lock (_gate)
            {
                return _full.Task;
            }
        }
    }

    /// <summary>Counts one access of the item at <paramref name="accessedAt"/>; returns the accesses of the item now waiting, this one included.</summary>
    public int Record(string userId, string itemId, DateTimeOffset accessedAt)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue((userId, itemId), out var tally))
            {
                tally = new Tally { LastAccessedAt = accessedAt };
                _pending[(userId, itemId)] = tally;
                if (_pending.Count >= _options.MaxPendingItems)
                {
                    _full.TrySetResult();
                }
            }

            tally.Count++;
            if (accessedAt > tally.LastAccessedAt)
            {
                tally.LastAccessedAt = accessedAt;
            }

            return tally.Count;
        }
    }

    /// <summary>Writes every waiting tally to the store and returns how many were written; what fails to be written waits for the next flush.</summary>
    public Task<int> FlushAsync(CancellationToken cancellationToken) => FlushCoreAsync(null, cancellationToken);

    /// <summary>
    /// Writes one user's waiting tallies: before a listing sorted by accessed_at, so that what the
    /// person just read is where they expect it (a write only when they have accesses waiting).
    /// </summary>
    public Task<int> FlushUserAsync(string userId, CancellationToken cancellationToken) => FlushCoreAsync(userId, cancellationToken);

    private async Task<int> FlushCoreAsync(string? onlyUserId, CancellationToken cancellationToken)
    {
        if (onlyUserId is not null && !HasPending(onlyUserId))
        {
            return 0;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<AccessTally> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return 0;
                }

                batch = new List<AccessTally>(onlyUserId is null ? _pending.Count : 4);
                foreach (var ((userId, itemId), tally) in _pending)
                {
                    if (onlyUserId is null || string.Equals(userId, onlyUserId, StringComparison.Ordinal))
                    {
                        batch.Add(new AccessTally(userId, itemId, tally.Count, tally.LastAccessedAt));
                    }
                }

                if (onlyUserId is null)
                {
                    _pending = [];
                }
                else
                {
                    foreach (var taken in batch)
                    {
                        _pending.Remove((taken.UserId, taken.ItemId));
                    }
                }

                if (_full.Task.IsCompleted && _pending.Count < _options.MaxPendingItems)
                {
                    _full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            var written = 0;
            try
            {
                var size = Math.Max(1, _options.FlushBatchSize);
                for (; written < batch.Count; written += size)
                {
                    var chunk = batch.GetRange(written, Math.Min(size, batch.Count - written));
                    await _items.RecordAccessesAsync(chunk, cancellationToken).ConfigureAwait(false);
                }

                return batch.Count;
            }
            catch (Exception ex)
            {
                // The store was not reachable (or we are stopping): keep what was not written for the next flush.
                Restore(batch.Skip(written));
                _logger?.LogWarning(ex, "Writing {Count} access counts failed; they wait for the next flush.", batch.Count - written);
                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private bool HasPending(string userId)
    {
        lock (_gate)
        {
            foreach (var key in _pending.Keys)
            {
                if (string.Equals(key.UserId, userId, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private void Restore(IEnumerable<AccessTally> tallies)
    {
        lock (_gate)
        {
            foreach (var t in tallies)
            {
                if (!_pending.TryGetValue((t.UserId, t.ItemId), out var tally))
                {
                    tally = new Tally { LastAccessedAt = t.LastAccessedAt };
                    _pending[(t.UserId, t.ItemId)] = tally;
                }

                tally.Count += t.Count;
                if (t.LastAccessedAt > tally.LastAccessedAt)
                {
                    tally.LastAccessedAt = t.LastAccessedAt;
                }
            }
        }
    }

    private sealed class Tally
    {
        public int Count;
        public DateTimeOffset LastAccessedAt;
    }
}
