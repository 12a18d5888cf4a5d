using Kmt.Core.Common;
using Kmt.Storage.Contracts;
using Kmt.Storage.Embedded.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Storage.Embedded.Tests.Contracts;

/// <summary>The work-queue contract on the embedded SQLite queue, on a fake clock: leases pass without waiting.</summary>
public sealed class EmbeddedWorkQueueContract : WorkQueueContract, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(TestDatabase.T0);
    private readonly SqliteWorkQueue _queue;

    public EmbeddedWorkQueueContract() => _queue = new SqliteWorkQueue(_database.Database, _clock);

    protected override IWorkQueue Sender => _queue;

    protected override IWorkQueueReceiver Receiver => _queue;

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Messages_survive_a_restart_of_the_process()
    {
        await _queue.SendAsync(Queue, "durable", cancellationToken: Ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var reopened = new SqliteWorkQueue(new Sqlite.SqliteDatabase(_database.Options), _clock);

        Assert.Equal("durable", Assert.Single(await reopened.ReceiveAsync(Queue, 1, Lease, Ct)).Body);
    }

    [Fact]
    public async Task Two_consumers_receiving_at_once_never_get_the_same_message()
    {
        for (var i = 0; i < 40; i++)
        {
            await _queue.SendAsync(Queue, $"m{i}", cancellationToken: Ct);
        }

        var other = new SqliteWorkQueue(new Sqlite.SqliteDatabase(_database.Options), _clock);
        var batches = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? _queue : other).ReceiveAsync(Queue, 8, Lease, Ct))));

        var ids = batches.SelectMany(b => b).Select(m => m.Id).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    public void Dispose() => _database.Dispose();
}
