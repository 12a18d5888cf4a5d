using System.Numerics.Tensors;
using Kmt.Core.Embeddings;

namespace Kmt.Storage.Embedded.Embeddings;

/// <summary>
/// One person's chunk vectors in memory, searched by brute force: the best chunk per item, then the best items.
/// Loaded from item_embeddings on the person's first semantic search and then kept current by the store's
/// writes (docs/design/storage.md, "Search modes"; the figures are in bench/README.md, "Where a search's time goes").
/// </summary>
/// <remarks>
/// The vectors are rows of one contiguous float32 matrix, so a search is one pass over memory with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> (SIMD) per row and no per-item
/// objects: the earlier layout (an array per item, the model compared as a string per chunk) spent most of a
/// search on that overhead. A write appends the item's rows and marks its old rows dead; the matrix is
/// compacted when the dead rows outnumber the live ones. Searches share a read lock; writes take it
/// exclusively for the time of a copy.
/// </remarks>
internal sealed class UserVectorIndex
{
    private const int NoItem = -1;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Item id → its slot; a slot's rows are listed in <see cref="_slotRows"/>.</summary>
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<string?> _slotIds = [];
    private readonly List<int[]> _slotRows = [];
    private readonly Stack<int> _freeSlots = new();

    /// <summary>Model ids, numbered, so a row carries an int rather than a string.</summary>
    private readonly List<string> _models = [];

    private int _dimensions;
    private float[] _values = [];
    private int[] _rowSlot = [];
    private int[] _rowModel = [];
    private int[] _rowStart = [];
    private int[] _rowLength = [];
    private int _rows;
    private int _deadRows;

    /// <summary>Held while the index loads and while a write updates it, so a write is never lost to a load.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    private volatile bool _loaded;

    public bool Loaded { get => _loaded; set => _loaded = value; }

    public int ItemCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slots.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Set(string itemId, IReadOnlyList<ChunkEmbedding> chunks)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(itemId);
            var usable = chunks.Where(c => c.Vector.Length > 0).ToList();
            if (usable.Count == 0)
            {
                return;
            }

            // An index holds vectors of one length: the first item's, or the new one's once it is empty.
            if (_dimensions == 0 || (_slots.Count == 0 && usable[0].Vector.Length != _dimensions))
            {
                _dimensions = usable[0].Vector.Length;
                _values = [];
                _rowSlot = [];
                _rowModel = [];
                _rowStart = [];
                _rowLength = [];
                _rows = 0;
                _deadRows = 0;
            }

            usable = usable.Where(c => c.Vector.Length == _dimensions).ToList();
            if (usable.Count == 0)
            {
                return;
            }

            var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : NewSlot();
            _slots[itemId] = slot;
            _slotIds[slot] = itemId;
            var rows = new int[usable.Count];
            EnsureCapacity(_rows + usable.Count);
            for (var i = 0; i < usable.Count; i++)
            {
                var row = _rows++;
                usable[i].Vector.Span.CopyTo(_values.AsSpan(row * _dimensions, _dimensions));
                _rowSlot[row] = slot;
                _rowModel[row] = ModelNumber(usable[i].Model);
                _rowStart[row] = usable[i].Start;
                _rowLength[row] = usable[i].Length;
                rows[i] = row;
            }

            _slotRows[slot] = rows;
            CompactIfSparse();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(string itemId)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(itemId);
            CompactIfSparse();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public IReadOnlyList<NearestItem> Search(string model, ReadOnlySpan<float> query, int take)
    {
        if (take <= 0)
        {
            return [];
        }

        _lock.EnterReadLock();
        try
        {
            var modelNumber = _models.IndexOf(model);
            if (modelNumber < 0 || _dimensions != query.Length || _rows == 0)
            {
                return [];
            }

            // The best row of each slot: rows of a slot are contiguous (appended together), so a running best
            // per slot is enough, kept in one array indexed by slot.
            var bestScore = new float[_slotIds.Count];
            var bestRow = new int[_slotIds.Count];
            Array.Fill(bestRow, -1);
            var values = _values.AsSpan(0, _rows * _dimensions);
            for (var row = 0; row < _rows; row++)
            {
                var slot = _rowSlot[row];
                if (slot == NoItem || _rowModel[row] != modelNumber)
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(query, values.Slice(row * _dimensions, _dimensions));
                if (bestRow[slot] < 0 || score > bestScore[slot])
                {
                    bestScore[slot] = score;
                    bestRow[slot] = row;
                }
            }

            // A min-heap of the best items so far: the root is the worst kept.
            var best = new PriorityQueue<int, float>(take + 1);
            for (var slot = 0; slot < bestRow.Length; slot++)
            {
                if (bestRow[slot] < 0)
                {
                    continue;
                }

                if (best.Count == take)
                {
                    if (best.TryPeek(out _, out var worst) && bestScore[slot] <= worst)
                    {
                        continue;
                    }

                    best.Dequeue();
                }

                best.Enqueue(slot, bestScore[slot]);
            }

            var result = new NearestItem[best.Count];
            for (var i = result.Length - 1; i >= 0; i--)
            {
                var slot = best.Dequeue();
                var row = bestRow[slot];
                result[i] = new NearestItem(_slotIds[slot]!, bestScore[slot], _rowStart[row], _rowLength[row]);
            }

            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private int NewSlot()
    {
        _slotIds.Add(null);
        _slotRows.Add([]);
        return _slotIds.Count - 1;
    }

    private int ModelNumber(string model)
    {
        var number = _models.IndexOf(model);
        if (number >= 0)
        {
            return number;
        }

        _models.Add(model);
        return _models.Count - 1;
    }

    private void RemoveLocked(string itemId)
    {
        if (!_slots.Remove(itemId, out var slot))
        {
            return;
        }

        foreach (var row in _slotRows[slot])
        {
            _rowSlot[row] = NoItem;
        }

        _deadRows += _slotRows[slot].Length;
        _slotRows[slot] = [];
        _slotIds[slot] = null;
        _freeSlots.Push(slot);
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _rowSlot.Length)
        {
            return;
        }

        var capacity = Math.Max(rows, Math.Max(64, _rowSlot.Length * 2));
        Array.Resize(ref _values, capacity * _dimensions);
        Array.Resize(ref _rowSlot, capacity);
        Array.Resize(ref _rowModel, capacity);
        Array.Resize(ref _rowStart, capacity);
        Array.Resize(ref _rowLength, capacity);
    }

    /// <summary>Rewrites the live rows to the front when more than half of the rows are dead.</summary>
    private void CompactIfSparse()
    {
        if (_deadRows == 0 || _deadRows * 2 < _rows)
        {
            return;
        }

        var live = 0;
        for (var row = 0; row < _rows; row++)
        {
            var slot = _rowSlot[row];
            if (slot == NoItem)
            {
                continue;
            }

            if (live != row)
            {
                _values.AsSpan(row * _dimensions, _dimensions).CopyTo(_values.AsSpan(live * _dimensions, _dimensions));
                _rowSlot[live] = slot;
                _rowModel[live] = _rowModel[row];
                _rowStart[live] = _rowStart[row];
                _rowLength[live] = _rowLength[row];
            }

            live++;
        }

        _rows = live;
        _deadRows = 0;
        var next = new Dictionary<int, List<int>>();
        for (var row = 0; row < _rows; row++)
        {
            (next.TryGetValue(_rowSlot[row], out var list) ? list : next[_rowSlot[row]] = []).Add(row);
        }

        foreach (var (slot, rows) in next)
        {
            _slotRows[slot] = [.. rows];
        }
    }
}
