using Kmt.Core.Common;
using Kmt.Core.Embeddings;
using Kmt.Core.Uploads;

namespace Kmt.Core.Tests.Fakes;

/// <summary>Uploads by (user, id) with ETag checks; hooks simulate a concurrent writer.</summary>
internal sealed class InMemoryUploadStore : IUploadStore
{
    public Dictionary<(string UserId, string Id), Upload> Uploads { get; } = new();

    /// <summary>Runs before each replace (after the caller read the upload), e.g. to change it underneath.</summary>
    public Action<Upload>? BeforeReplace { get; set; }

    public List<Upload> Writes { get; } = [];

    public Task<bool> DeleteAsync(string userId, string uploadId, CancellationToken cancellationToken) => Task.FromResult(Uploads.Remove((userId, uploadId)));

    public Task CreateAsync(Upload upload, CancellationToken cancellationToken)
    {
        if (!Uploads.TryAdd((upload.UserId, upload.Id), upload))
        {
            throw KmtException.Conflict("An upload with this id already exists.");
        }

        Writes.Add(upload);
        return Task.CompletedTask;
    }

    public Task<Upload?> GetAsync(string userId, string uploadId, CancellationToken cancellationToken) =>
        Task.FromResult(Uploads.GetValueOrDefault((userId, uploadId)));

    public Task<IReadOnlyList<Upload>> ListAsync(string userId, string? afterId, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Upload>>(Uploads.Values
            .Where(u => u.UserId == userId && (afterId is null || string.CompareOrdinal(u.Id, afterId) > 0))
            .OrderBy(u => u.Id, StringComparer.Ordinal).Take(take).ToList());

    public Task ReplaceAsync(Upload upload, string expectedETag, CancellationToken cancellationToken)
    {
        BeforeReplace?.Invoke(upload);
        if (!Uploads.TryGetValue((upload.UserId, upload.Id), out var stored))
        {
            throw KmtException.NotFound("Upload");
        }

        if (stored.ETag != expectedETag)
        {
            throw KmtException.PreconditionFailed();
        }

        Uploads[(upload.UserId, upload.Id)] = upload;
        Writes.Add(upload);
        return Task.CompletedTask;
    }

    /// <summary>Unlike the real stores this cannot see items; the ingestion checks the item itself.</summary>
    public Task<IReadOnlyList<Upload>> ListStalledAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken)
    {
        return Task.FromResult<IReadOnlyList<Upload>>(Uploads.Values
            .Where(u => u.Status is UploadStatus.Queued or UploadStatus.Processing && u.UpdatedAt < updatedBefore)
            .OrderBy(u => u.UpdatedAt).Take(max).ToList());
    }

    public Task<Upload?> FindCompletedBySha256Async(string userId, string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(Uploads.Values
            .Where(u => u.UserId == userId && u.Status == UploadStatus.Completed && u.ContentSha256 == sha256)
            .OrderBy(u => u.CreatedAt)
            .FirstOrDefault());

    public Upload Single(string userId) => Uploads.Values.Single(u => u.UserId == userId);
}

/// <summary>Blobs in memory by (container, path).</summary>
internal sealed class InMemoryBlobStore : IBlobStore
{
    private int _version;

    public Dictionary<(string Container, string Path), byte[]> Blobs { get; } = new();

    /// <summary>Runs after a blob is stored, before WriteAsync returns (a blob trigger firing early).</summary>
    public Action<string, string>? AfterWrite { get; set; }

    public List<(string From, string Path, string To)> Moves { get; } = [];

    /// <summary>The clock that stamps a blob's last-modified time when it is written or moved.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => TestSupport.Start;

    private readonly Dictionary<(string Container, string Path), DateTimeOffset> _modified = new();

    public async Task<BlobItem> WriteAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new KmtException(ErrorCode.PayloadTooLarge, "Too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        Blobs[(container, path)] = buffer.ToArray();
        _modified[(container, path)] = Now();
        AfterWrite?.Invoke(container, path);
        return Item(container, path)!;
    }

    public Task<BlobItem> CreateAsync(string container, string path, Stream content, long maxBytes, CancellationToken cancellationToken) =>
        Blobs.ContainsKey((container, path))
            ? throw KmtException.Conflict("A file has already been stored here.")
            : WriteAsync(container, path, content, maxBytes, cancellationToken);

    public Task<Stream?> OpenReadAsync(string container, string path, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(Blobs.TryGetValue((container, path), out var bytes) ? new MemoryStream(bytes, writable: false) : null);

    public Task<BlobItem?> GetAsync(string container, string path, CancellationToken cancellationToken) => Task.FromResult(Item(container, path));

    public Task MoveAsync(string fromContainer, string path, string toContainer, CancellationToken cancellationToken)
    {
        Moves.Add((fromContainer, path, toContainer));
        if (Blobs.Remove((fromContainer, path), out var bytes))
        {
            Blobs[(toContainer, path)] = bytes;
            _modified[(toContainer, path)] = Now();
        }

        return Task.CompletedTask;
    }

    /// <summary>Makes every delete throw, as a storage outage would.</summary>
    public bool FailDeletes { get; set; }

    public Task<bool> DeleteAsync(string container, string path, CancellationToken cancellationToken) =>
        FailDeletes ? throw new IOException("The blob store is not available.") : Task.FromResult(Blobs.Remove((container, path)));

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var key in Blobs.Keys.Where(k => k.Container == container && k.Path.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(k => k.Path, StringComparer.Ordinal).ToList())
        {
            yield return Item(key.Container, key.Path)!;
        }
    }

    public bool Has(string container, string path) => Blobs.ContainsKey((container, path));

    private BlobItem? Item(string container, string path) =>
        Blobs.TryGetValue((container, path), out var bytes)
            ? new BlobItem(container, path, bytes.Length, $"\"{++_version}\"", _modified.GetValueOrDefault((container, path), TestSupport.Start))
            : null;
}

internal sealed class InMemoryEmbeddingStore : IEmbeddingStore
{
    public Dictionary<(string UserId, string ItemId), IReadOnlyList<ChunkEmbedding>> Chunks { get; } = new();

    public Task ReplaceAsync(string userId, string itemId, IReadOnlyList<ChunkEmbedding> chunks, CancellationToken cancellationToken)
    {
        Chunks[(userId, itemId)] = chunks.ToArray();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChunkEmbedding>> GetAsync(string userId, string itemId, CancellationToken cancellationToken) =>
        Task.FromResult(Chunks.GetValueOrDefault((userId, itemId)) ?? []);

    /// <summary>How many batch reads were made (the discovery reader makes one per page of items).</summary>
    public int BatchReads { get; private set; }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<ChunkEmbedding>>> GetManyAsync(string userId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        BatchReads++;
        IReadOnlyDictionary<string, IReadOnlyList<ChunkEmbedding>> found = itemIds.Distinct()
            .Where(id => Chunks.ContainsKey((userId, id)) && Chunks[(userId, id)].Count > 0)
            .ToDictionary(id => id, id => Chunks[(userId, id)]);
        return Task.FromResult(found);
    }

    /// <summary>Exact cosine over every chunk (the vectors in tests are normalised), best chunk per item.</summary>
    public Task<IReadOnlyList<NearestItem>> NearestAsync(string userId, string model, ReadOnlyMemory<float> vector, int take, CancellationToken cancellationToken)
    {
        var query = vector.ToArray();
        IReadOnlyList<NearestItem> nearest = Chunks.Where(p => p.Key.UserId == userId)
            .Select(p => p.Value.Where(c => c.Model == model && c.Vector.Length == query.Length)
                .Select(c => new NearestItem(p.Key.ItemId, c.Vector.ToArray().Zip(query, (a, b) => (double)a * b).Sum(), c.Start, c.Length))
                .MaxBy(n => n.Similarity))
            .Where(n => n is not null)
            .Select(n => n!)
            .OrderByDescending(n => n.Similarity)
            .Take(take)
            .ToList();
        return Task.FromResult(nearest);
    }
}
