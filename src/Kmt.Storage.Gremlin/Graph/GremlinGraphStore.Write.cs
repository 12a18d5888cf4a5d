using Kmt.Core.Graph;
using Kmt.Storage.Gremlin.Errors;
using Kmt.Storage.Gremlin.Scripts;

namespace Kmt.Storage.Gremlin.Graph;

/// <summary>
/// Batches in the port's order (vertex upserts, expirations, inserts, updates), each part split into scripts
/// of at most <see cref="GremlinOptions.MaxOperationsPerScript"/> operations and <see cref="GremlinOptions.MaxScriptBytes"/>
/// bytes. Cosmos has no transactions: a batch cut short by a failure is completed by applying it again.
/// </summary>
public sealed partial class GremlinGraphStore
{
    public async Task ApplyAsync(GraphWriteBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var userId = batch.UserId;
        if (batch.VertexUpserts.Any(v => v.UserId != userId) || batch.EdgeInserts.Any(e => e.UserId != userId) || batch.EdgeUpdates.Any(e => e.UserId != userId))
        {
            throw new ArgumentException("Every record of a batch belongs to the batch's user.", nameof(batch));
        }

        await RunAsync(batch.VertexUpserts.Select(v => Op(b => _scripts.UpsertVertex(b, v))).ToList(), cancellationToken, Conflicts.RetryChunk).ConfigureAwait(false);

        foreach (var group in batch.EdgeExpirations.GroupBy(x => x.ExpiredAt))
        {
            // Groups run in the order their first expiration appears, so inside one batch, too, the first expiry wins.
            var ids = group.Select(x => x.EdgeId).Distinct(StringComparer.Ordinal).ToList();
            foreach (var chunk in ids.Chunk(IdsPerScript))
            {
                await SubmitAsync(_scripts.ExpireEdges(userId, chunk, group.Key), cancellationToken).ConfigureAwait(false);
            }
        }

        var inserts = batch.EdgeInserts.Select(e => Op(b => _scripts.InsertEdge(b, userId, e))).ToList();
        await RunAsync(inserts, cancellationToken, Conflicts.SkipTaken).ConfigureAwait(false);

        if (batch.EdgeUpdates.Count > 0)
        {
            var existing = await EdgesAsync(userId, batch.EdgeUpdates.Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
            var updates = batch.EdgeUpdates
                .Where(e => existing.ContainsKey(e.Id))
                .Select(e => (Stored: existing[e.Id], Update: e))
                .Select(x => Op(b => _scripts.UpdateEdge(b, userId, x.Stored.FromId, x.Stored with
                {
                    Weight = x.Update.Weight, Count = x.Update.Count, RelationshipType = x.Update.RelationshipType, Strength = x.Update.Strength,
                    MetadataJson = x.Update.MetadataJson, Evidence = x.Update.Evidence, UpdatedAt = x.Update.UpdatedAt,
                })))
                .ToList();
            await RunAsync(updates, cancellationToken).ConfigureAwait(false);
        }
    }

    private int IdsPerScript => Math.Max(1, _options.MaxIdsPerScript);

    private static Func<GremlinScriptBuilder, GremlinTraversal> Op(Func<GremlinScriptBuilder, GremlinTraversal> op) => op;

    /// <summary>The stored records (updates keep their times and endpoints, and are written through their source vertex).</summary>
    private async Task<Dictionary<string, GraphEdge>> EdgesAsync(string userId, List<string> edgeIds, CancellationToken cancellationToken)
    {
        var edges = new Dictionary<string, GraphEdge>(StringComparer.Ordinal);
        foreach (var chunk in edgeIds.Chunk(IdsPerScript))
        {
            foreach (var item in await SubmitAsync(_scripts.Edges(userId, chunk), cancellationToken).ConfigureAwait(false))
            {
                var edge = GremlinGraphRecords.ReadEdge(item, userId);
                edges[edge.Id] = edge;
            }
        }

        return edges;
    }

    /// <summary>Sends the operations as union() scripts, each under the operation and byte limits (an operation heavier than the byte budget goes alone).</summary>
    private async Task RunAsync(List<Func<GremlinScriptBuilder, GremlinTraversal>> ops, CancellationToken cancellationToken, Conflicts conflicts = Conflicts.Fail)
    {
        foreach (var chunk in Split(ops))
        {
            try
            {
                await SubmitAsync(_scripts.Batch(chunk), cancellationToken).ConfigureAwait(false);
            }
            catch (GremlinConflictException) when (conflicts == Conflicts.RetryChunk)
            {
                // Another applier added one of these vertices between our fold() and addV(): once more, and
                // coalesce() finds it and only sets its properties.
                await SubmitAsync(_scripts.Batch(chunk), cancellationToken).ConfigureAwait(false);
            }
            catch (GremlinConflictException) when (conflicts == Conflicts.SkipTaken)
            {
                // An edge id already taken in the partition by a record out of another vertex: that record
                // exists, so its insert is skipped (insert-if-absent), and the others still go in.
                foreach (var op in chunk)
                {
                    try
                    {
                        await SubmitAsync(_scripts.Batch([op]), cancellationToken).ConfigureAwait(false);
                    }
                    catch (GremlinConflictException)
                    {
                    }
                }
            }
        }
    }

    internal IEnumerable<List<Func<GremlinScriptBuilder, GremlinTraversal>>> Split(IReadOnlyList<Func<GremlinScriptBuilder, GremlinTraversal>> ops)
    {
        var budget = _options.MaxScriptBytes;
        var maxOps = Math.Max(1, _options.MaxOperationsPerScript);
        var chunk = new List<Func<GremlinScriptBuilder, GremlinTraversal>>();
        foreach (var op in ops)
        {
            if (chunk.Count > 0 && (chunk.Count >= maxOps || GremlinScriptSize.Of(_scripts.Batch([.. chunk, op])) > budget))
            {
                yield return chunk;
                chunk = [];
            }

            chunk.Add(op);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>What a 409 on a write script means: a failure, a racing upsert (run the chunk again), or an edge id already taken (skip that insert).</summary>
    private enum Conflicts
    {
        Fail,
        RetryChunk,
        SkipTaken,
    }
}
