using Kmt.Core.Common;
using Kmt.Storage.Embedded.Sqlite;
using Microsoft.Data.Sqlite;

namespace Kmt.Storage.Embedded.Queues;

/// <summary>
/// The embedded work queue: both sides of the queue port in SQLite (table work_queue_messages), so a
/// message survives a restart like an Azure Storage queue message does (docs/design/hosting.md, "Queues").
/// </summary>
/// <remarks>
/// A receive is one UPDATE ... RETURNING: it takes the oldest visible messages, counts the delivery,
/// moves visible_at past the lease and gives each a new receipt, atomically, so two consumers never
/// hold the same lease. Settling matches the receipt, so a consumer whose lease ran out cannot delete
/// or delay a message someone else now holds. Times come from the app's <see cref="TimeProvider"/>.
/// </remarks>
public sealed class SqliteWorkQueue(SqliteDatabase database, TimeProvider time) : IWorkQueue, IWorkQueueReceiver
{
    public async Task SendAsync(string queueName, string message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        WorkQueueRules.ValidateQueueName(queueName);
        WorkQueueRules.ValidateMessage(message);
        var delay = visibilityDelay ?? TimeSpan.Zero;
        WorkQueueRules.ValidateVisibility(delay, nameof(visibilityDelay));

        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = write.Connection.CreateCommand())
        {
            command.Transaction = write.Transaction;
            await InsertAsync(command, queueName, Ids.New(), message, 0, time.GetUtcNow(), delay, cancellationToken).ConfigureAwait(false);
        }

        await write.Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        WorkQueueRules.ValidateQueueName(queueName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        WorkQueueRules.ValidateVisibility(visibilityTimeout, nameof(visibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(visibilityTimeout, TimeSpan.FromSeconds(1));

        var now = time.GetUtcNow();
        var until = now + visibilityTimeout;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE work_queue_messages
               SET dequeue_count = dequeue_count + 1, visible_at = @until, receipt = lower(hex(randomblob(16)))
             WHERE seq IN (SELECT seq FROM work_queue_messages
                            WHERE queue_name = @q AND visible_at <= @now
                            ORDER BY visible_at, seq LIMIT @n)
            RETURNING seq, id, body, dequeue_count, inserted_at, receipt, visible_at
            """;
        command.Param("@q", queueName).Param("@now", SqliteValues.Time(now)).Param("@until", SqliteValues.Time(until)).Param("@n", maxMessages);

        var received = new List<(long Seq, WorkQueueMessage Message)>(maxMessages);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                received.Add((reader.GetInt64(0), new WorkQueueMessage(
                    queueName, reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetTime(4), reader.GetString(5), reader.GetTime(6))));
            }
        }

        // RETURNING gives rows in no promised order: restore the order of sending.
        return [.. received.OrderBy(r => r.Seq).Select(r => r.Message)];
    }

    public async Task<bool> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM work_queue_messages WHERE queue_name = @q AND id = @id AND receipt = @r";
        command.Param("@q", message.QueueName).Param("@id", message.Id).Param("@r", message.Receipt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> AbandonAsync(WorkQueueMessage message, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        WorkQueueRules.ValidateVisibility(visibilityDelay, nameof(visibilityDelay));
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        // A new receipt: the abandoned lease's receipt settles nothing any more, as in Azure.
        command.CommandText = """
            UPDATE work_queue_messages SET visible_at = @at, receipt = lower(hex(randomblob(16)))
             WHERE queue_name = @q AND id = @id AND receipt = @r
            """;
        command.Param("@q", message.QueueName).Param("@id", message.Id).Param("@r", message.Receipt)
            .Param("@at", SqliteValues.Time(time.GetUtcNow() + visibilityDelay));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> PoisonAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var poison = WorkQueueRules.PoisonQueueName(message.QueueName);
        WorkQueueRules.ValidateQueueName(poison);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM work_queue_messages WHERE queue_name = @q AND id = @id AND receipt = @r";
        delete.Param("@q", message.QueueName).Param("@id", message.Id).Param("@r", message.Receipt);
        if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        // In one transaction with the delete: the message is in exactly one of the two queues. A new id,
        // as the host sends a new message to the poison queue.
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        await InsertAsync(insert, poison, Ids.New(), message.Body, 0, time.GetUtcNow(), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task InsertAsync(SqliteCommand command, string queueName, string id, string body, long dequeueCount, DateTimeOffset now, TimeSpan delay, CancellationToken cancellationToken)
    {
        command.CommandText = """
            INSERT INTO work_queue_messages (queue_name, id, body, dequeue_count, inserted_at, visible_at, receipt)
            VALUES (@q, @id, @body, @count, @inserted, @visible, NULL)
            """;
        command.Param("@q", queueName).Param("@id", id).Param("@body", body).Param("@count", dequeueCount)
            .Param("@inserted", SqliteValues.Time(now)).Param("@visible", SqliteValues.Time(now + delay));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
