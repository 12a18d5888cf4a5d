using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Kmt.Core.RateLimits;
using Microsoft.Extensions.Logging;

namespace Kmt.Azure.RateLimits;

/// <summary>
/// <see cref="IRateLimitStore"/> on Azure Table Storage, so limits hold across every instance of the app.
/// </summary>
/// <remarks>
/// One entity per (key, rule, window): PartitionKey is a hash of the key (keys hold e-mails and IPs,
/// which Table keys may not carry as they are), RowKey names the rule and the window's start. A count is
/// read, then written back with its ETag (optimistic concurrency), so two instances never lose each
/// other's increments; that is two round trips per counted request. Table Storage has no TTL:
/// <see cref="PurgeExpiredAsync"/> (a timer) deletes counters whose window has ended. If instances keep
/// racing for one counter past <see cref="TableRateLimitOptions.MaxAttempts"/>, the request is let
/// through and a warning logged: a limiter must not turn contention into errors.
/// </remarks>
public sealed class TableRateLimitStore(TableClient table, TimeProvider clock, ILogger<TableRateLimitStore> logger, int maxAttempts = 8) : IRateLimitStore
{
    private const string CountProperty = "Count";
    private const string ExpiresProperty = "ExpiresAt";
    private readonly Lazy<Task> _created = new(() => table.CreateIfNotExistsAsync());

    public async ValueTask<RateLimitDecision> TryAcquireAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        await _created.Value.WaitAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % rule.Window.Ticks), TimeSpan.Zero);
        var end = start + rule.Window;
        var partitionKey = Hash(key);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{rule.Window.Ticks}-{start.UtcTicks}");

        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, [CountProperty], cancellationToken);
            try
            {
                int count;
                if (!existing.HasValue)
                {
                    count = 1;
                    await table.AddEntityAsync(Entity(partitionKey, rowKey, count, end), cancellationToken);
                }
                else
                {
                    count = (existing.Value!.GetInt32(CountProperty) ?? 0) + 1;
                    if (count > rule.PermitLimit)
                    {
                        // Over the limit: nothing to write, the window's end is the answer.
                        return new RateLimitDecision(false, 0, end - now);
                    }

                    await table.UpdateEntityAsync(Entity(partitionKey, rowKey, count, end), existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return new RateLimitDecision(count <= rule.PermitLimit, Math.Max(0, rule.PermitLimit - count), count <= rule.PermitLimit ? TimeSpan.Zero : end - now);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance created or counted first: read again.
            }
        }

        logger.LogWarning("Rate-limit counter {Row} stayed contended for {Attempts} attempts; the request was let through.", rowKey, maxAttempts);
        return new RateLimitDecision(true, 0, TimeSpan.Zero);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await _created.Value.WaitAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var deleted = 0;
        var expired = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ExpiresAt le {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var entity in expired)
        {
            try
            {
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Another sweeper got there first.
            }
        }

        return deleted;
    }

    private static TableEntity Entity(string partitionKey, string rowKey, int count, DateTimeOffset expiresAt) => new(partitionKey, rowKey)
    {
        [CountProperty] = count,
        [ExpiresProperty] = expiresAt,
    };

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
