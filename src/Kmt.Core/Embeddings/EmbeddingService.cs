using System.Diagnostics;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Uploads;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Kmt.Core.Embeddings;

/// <summary>What one run of <see cref="EmbeddingService.ProcessRequestAsync"/> did.</summary>
public enum EmbeddingOutcomeKind
{
    /// <summary>The item's chunks were embedded and stored; the request is gone.</summary>
    Embedded,

    /// <summary>The item no longer exists or is in the trash: nothing to embed; the request is gone.</summary>
    ItemGone,

    /// <summary>The path names no item ("{user}/{item}" expected); the request is gone.</summary>
    Ignored,
}

/// <param name="Chunks">Chunks stored (<see cref="EmbeddingOutcomeKind.Embedded"/> only).</param>
/// <param name="Reused">Of those, chunks whose text was unchanged: their stored vectors were kept, the model did not run.</param>
public sealed record EmbeddingOutcome(EmbeddingOutcomeKind Kind, int Chunks = 0, int Reused = 0);

/// <summary>
/// The second stage of ingestion: embeds a stored item's text. <see cref="IngestionService"/> makes
/// the item searchable and writes a request blob, embedding-requests/{user}/{item}; the blob trigger
/// calls <see cref="ProcessRequestAsync"/> with that path. It chunks the item's current content
/// (<see cref="TextChunker"/>), keeps the stored vector of every chunk whose text and model are
/// unchanged since the last embedding (<see cref="EmbeddedChunkManifest"/>, blob
/// embedded-chunks/{user}/{item}.json), embeds the other chunks in one call (the generator sorts them
/// by length before batching), replaces the item's vectors and the manifest, records the outcome on
/// the upload whose id is the item's (EmbeddedChunks, EmbeddedAt, TimingsMs["embedding"]) and deletes
/// the request.
/// </summary>
/// <remarks>
/// Idempotent: a re-run finds every chunk unchanged and writes the same vectors again without the model. An item that is gone or
/// in the trash is not embedded (restoring an item from the trash does not re-request it). Transient
/// failures (the model, the stores) throw: the host retries the invocation (maxDequeueCount, five by
/// default) and then gives up (the poison queue in Azure, a "poison" receipt in the DevHost); the
/// request blob stays and the upload's embedding status stays pending, so writing the request again
/// (or redelivering the upload's blob) retries it.
/// </remarks>
public sealed class EmbeddingService(
    IKnowledgeStore items,
    IEmbeddingStore embeddings,
    IUploadStore uploads,
    IBlobStore blobs,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    TextChunker chunker,
    TimeProvider timeProvider,
    ILogger<EmbeddingService> logger)
{
    /// <param name="requestPath">The request's path inside the embedding-requests container: "{user}/{item}" (the trigger's {name}).</param>
    public async Task<EmbeddingOutcome> ProcessRequestAsync(string requestPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestPath);
        if (!UploadPaths.TryParseEmbeddingRequest(requestPath, out var userId, out var itemId))
        {
            logger.LogWarning("Ignored embedding request {RequestPath}: not a \"{{user}}/{{item}}\" path; deleted", requestPath);
            await DeleteRequestAsync(requestPath).ConfigureAwait(false);
            return new EmbeddingOutcome(EmbeddingOutcomeKind.Ignored);
        }

        var item = await items.GetAsync(userId, itemId, cancellationToken).ConfigureAwait(false);
        if (item is null || item.DeletedAt is not null || item.UserId != userId)
        {
            logger.LogInformation("Embedding request for item {ItemId}: the item is {State}; nothing to embed", itemId, item is null ? "gone" : "in the trash");
            await DeleteRequestAsync(requestPath).ConfigureAwait(false);
            return new EmbeddingOutcome(EmbeddingOutcomeKind.ItemGone);
        }

        var clock = Stopwatch.StartNew();
        var chunks = chunker.Split(item.Content);
        var embedded = new List<ChunkEmbedding>(chunks.Count);
        var reused = 0;
        if (chunks.Count > 0)
        {
            var model = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";

            // Text embedded before by the same model keeps its stored vector: only new text goes to the model.
            var reusable = await ReusableVectorsAsync(userId, itemId, model, cancellationToken).ConfigureAwait(false);
            var hashes = chunks.Select(c => EmbeddedChunkManifest.HashText(c.Text)).ToArray();
            var missing = Enumerable.Range(0, chunks.Count).Where(i => !reusable.ContainsKey(hashes[i])).ToArray();
            var fresh = new Dictionary<int, Embedding<float>>();
            if (missing.Length > 0)
            {
                var vectors = await generator.GenerateAsync(missing.Select(i => chunks[i].Text), options: null, cancellationToken).ConfigureAwait(false);
                if (vectors.Count != missing.Length)
                {
                    throw new InvalidOperationException($"The embedding generator returned {vectors.Count} vectors for {missing.Length} chunks.");
                }

                for (var k = 0; k < missing.Length; k++)
                {
                    fresh[missing[k]] = vectors[k];
                }
            }

            for (var i = 0; i < chunks.Count; i++)
            {
                var (vectorModel, vector) = fresh.TryGetValue(i, out var made) ? (made.ModelId ?? model, made.Vector) : (model, reusable[hashes[i]]);
                embedded.Add(new ChunkEmbedding(chunks[i].Index, chunks[i].Start, chunks[i].Length, vectorModel, vector));
            }

            reused = chunks.Count - missing.Length;
        }

        // Embedding takes a while: an item (or account) erased meanwhile must get nothing written back.
        if (!await IsLiveAsync(userId, itemId, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Item {ItemId} was erased or trashed while it was embedded; nothing is written", itemId);
            await DeleteRequestAsync(requestPath).ConfigureAwait(false);
            return new EmbeddingOutcome(EmbeddingOutcomeKind.ItemGone);
        }

        await embeddings.ReplaceAsync(userId, itemId, embedded, cancellationToken).ConfigureAwait(false);
        await WriteManifestAsync(userId, itemId, EmbeddedChunkManifest.Describe(embedded, chunks.Select(c => c.Text).ToArray())).ConfigureAwait(false);

        // Erased between that check and the write: take the vectors back (the erase removed them before they were written).
        if (!await IsLiveAsync(userId, itemId, CancellationToken.None).ConfigureAwait(false))
        {
            await embeddings.ReplaceAsync(userId, itemId, [], CancellationToken.None).ConfigureAwait(false);
            await blobs.DeleteAsync(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(userId, itemId), CancellationToken.None).ConfigureAwait(false);
            await DeleteRequestAsync(requestPath).ConfigureAwait(false);
            return new EmbeddingOutcome(EmbeddingOutcomeKind.ItemGone);
        }

        var milliseconds = Math.Round(clock.Elapsed.TotalMilliseconds, 3);

        // The work is done: recording it is not cancellable.
        await RecordOnUploadAsync(userId, itemId, embedded.Count, milliseconds).ConfigureAwait(false);
        await DeleteRequestAsync(requestPath).ConfigureAwait(false);
        logger.LogInformation("Item {ItemId}: {Chunks} chunks ({Reused} unchanged, their vectors kept) embedded in {Milliseconds} ms", itemId, embedded.Count, reused, milliseconds);
        return new EmbeddingOutcome(EmbeddingOutcomeKind.Embedded, embedded.Count, reused);
    }

    /// <summary>EmbeddedChunks, EmbeddedAt and TimingsMs["embedding"] on the upload that made the item, if there is one.</summary>
    private Task RecordOnUploadAsync(string userId, string itemId, int chunks, double milliseconds) => ConcurrencyRetry.RunAsync(async () =>
    {
        var upload = await uploads.GetAsync(userId, itemId, CancellationToken.None).ConfigureAwait(false);
        if (upload is null || upload.UserId != userId)
        {
            return;
        }

        var timings = new Dictionary<string, double>(upload.TimingsMs ?? new Dictionary<string, double>(), StringComparer.Ordinal)
        {
            ["embedding"] = milliseconds,
        };
        var recorded = upload with
        {
            EmbeddedChunks = chunks,
            EmbeddedAt = timeProvider.GetUtcNow(),
            TimingsMs = timings,
            ETag = ETags.New(),
        };
        try
        {
            await uploads.ReplaceAsync(recorded, upload.ETag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KmtException e) when (e.Code == ErrorCode.NotFound)
        {
            // Erased meanwhile: nothing to record on.
        }
    });

    private async Task<bool> IsLiveAsync(string userId, string itemId, CancellationToken cancellationToken) =>
        await items.GetAsync(userId, itemId, cancellationToken).ConfigureAwait(false) is { DeletedAt: null } item && item.UserId == userId;

    /// <summary>The item's stored vectors whose text is unchanged, by text hash (none without a readable manifest).</summary>
    private async Task<Dictionary<string, ReadOnlyMemory<float>>> ReusableVectorsAsync(string userId, string itemId, string model, CancellationToken cancellationToken)
    {
        var stream = await blobs.OpenReadAsync(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(userId, itemId), cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return [];
        }

        EmbeddedChunkManifest? manifest;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            manifest = EmbeddedChunkManifest.FromJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        if (manifest is null)
        {
            return [];
        }

        var stored = await embeddings.GetAsync(userId, itemId, cancellationToken).ConfigureAwait(false);
        return manifest.Reusable(stored, model);
    }

    /// <summary>After the vectors are stored; not cancellable. A failed write only costs a full re-embedding next time.</summary>
    private async Task WriteManifestAsync(string userId, string itemId, EmbeddedChunkManifest manifest)
    {
        var bytes = manifest.ToJson();
        try
        {
            await using var stream = new MemoryStream(bytes, writable: false);
            await blobs.WriteAsync(UploadPaths.EmbeddedChunksContainer, UploadPaths.EmbeddedChunksPath(userId, itemId), stream, bytes.Length, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the chunk hashes of item {ItemId}; its next embedding embeds every chunk", itemId);
        }
    }

    private async Task DeleteRequestAsync(string requestPath) =>
        await blobs.DeleteAsync(UploadPaths.EmbeddingRequestsContainer, requestPath, CancellationToken.None).ConfigureAwait(false);
}
