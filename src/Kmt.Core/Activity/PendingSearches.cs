using Kmt.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Activity;

/// <summary>
/// Search activities not in the store yet (docs/design/storage.md, "Search history"). A first-page search
/// whose consent was checked adds its activity here instead of writing on the request path; a background
/// flusher (the host's hosted service) calls <see cref="FlushAsync"/> every
/// <see cref="SearchHistoryOptions.FlushInterval"/>, when <see cref="WhenFull"/> completes, and on
/// shutdown, writing each person's activities in batches through <see cref="IActivityStore.AddAsync"/>.
/// A flush that fails puts back what it did not write (the store skips ids it already has, so a retried
/// batch adds nothing twice). The export and the insight snapshot flush the person first; an erasure
/// drops what waits (<see cref="DropUserAsync"/>).
/// </summary>
public sealed class PendingSearches : IWriteBehindBuffer
{
    private readonly IActivityStore _activities;
    private readonly SearchHistoryOptions _options;
    private readonly ILogger<PendingSearches>? _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private List<UserActivity> _pending = [];
    private TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingSearches(IActivityStore activities, IOptions<SearchHistoryOptions> options, ILogger<PendingSearches>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _activities = activities;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>False when Kmt:SearchHistory:Batched is off: every search then writes its activity at once.</summary>
    public bool IsBatched => _options.Batched;

    /// <inheritdoc />
    public TimeSpan FlushInterval => _options.FlushInterval > TimeSpan.Zero ? _options.FlushInterval : TimeSpan.FromSeconds(5);

    /// <summary>Searches waiting.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Completes when <see cref="SearchHistoryOptions.MaxPending"/> searches are waiting (a new task after each flush).</summary>
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

    /// <summary>Keeps a search activity (its consent checked) for the next flush.</summary>
    public void Add(UserActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            _pending.Add(activity);
            if (_pending.Count >= _options.MaxPending)
            {
                _full.TrySetResult();
            }
        }
    }

    /// <summary>Writes every waiting search and returns how many were written; what fails to be written waits for the next flush.</summary>
    public Task<int> FlushAsync(CancellationToken cancellationToken) => FlushCoreAsync(null, cancellationToken);

    /// <summary>Writes one person's waiting searches: before their export or insight snapshot reads their activity.</summary>
    public Task<int> FlushUserAsync(string userId, CancellationToken cancellationToken) => FlushCoreAsync(userId, cancellationToken);

    /// <summary>
    /// Forgets one person's waiting searches without writing them (their account is being erased).
    /// Waits for a flush under way, so none of theirs is written after this returns.
    /// </summary>
    public async Task<int> DropUserAsync(string userId, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                var dropped = _pending.RemoveAll(a => string.Equals(a.UserId, userId, StringComparison.Ordinal));
                ResetFullIfBelow();
                return dropped;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task<int> FlushCoreAsync(string? onlyUserId, CancellationToken cancellationToken)
    {
        if (onlyUserId is not null && !HasPending(onlyUserId))
        {
            return 0;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<UserActivity> batch;
            lock (_gate)
            {
                if (onlyUserId is null)
                {
                    batch = _pending;
                    _pending = [];
                }
                else
                {
                    batch = _pending.FindAll(a => string.Equals(a.UserId, onlyUserId, StringComparison.Ordinal));
                    _pending.RemoveAll(a => string.Equals(a.UserId, onlyUserId, StringComparison.Ordinal));
                }

                ResetFullIfBelow();
            }

            if (batch.Count == 0)
            {
                return 0;
            }

            // One person's activities per call: the stores write them under that person's partition.
            var chunks = batch
                .GroupBy(a => a.UserId, StringComparer.Ordinal)
                .SelectMany(g => g.Chunk(Math.Max(1, _options.FlushBatchSize)))
                .ToList();
            var done = 0;
            try
            {
                for (; done < chunks.Count; done++)
                {
                    await _activities.AddAsync(chunks[done][0].UserId, chunks[done], cancellationToken).ConfigureAwait(false);
                }

                return batch.Count;
            }
            catch (Exception ex)
            {
                // The store was not reachable (or we are stopping): keep what was not written for the next flush.
                var left = chunks.Skip(done).SelectMany(c => c).ToList();
                lock (_gate)
                {
                    _pending.InsertRange(0, left);
                }

                _logger?.LogWarning(ex, "Writing {Count} search activities failed; they wait for the next flush.", left.Count);
                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void ResetFullIfBelow()
    {
        if (_full.Task.IsCompleted && _pending.Count < _options.MaxPending)
        {
            _full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private bool HasPending(string userId)
    {
        lock (_gate)
        {
            return _pending.Exists(a => string.Equals(a.UserId, userId, StringComparison.Ordinal));
        }
    }
}
