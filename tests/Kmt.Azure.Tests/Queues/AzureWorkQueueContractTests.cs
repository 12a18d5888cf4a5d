using Azure.Storage.Queues;
using Kmt.Azure.Queues;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Common;
using Kmt.Storage.Contracts;

namespace Kmt.Azure.Tests.Queues;

/// <summary>
/// The work-queue contract on Azure Storage queues (Azurite's queue service). Visibility is the
/// service's own clock, so leases pass in real seconds; each test deletes its queues.
/// </summary>
public sealed class AzureWorkQueueContractTests : WorkQueueContract, IAsyncLifetime
{
    private readonly QueueServiceClient _service = Azurite.QueueClient;
    private readonly AzureWorkQueue _queue;

    public AzureWorkQueueContractTests() => _queue = new AzureWorkQueue(_service);

    protected override IWorkQueue Sender => _queue;

    protected override IWorkQueueReceiver Receiver => _queue;

    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration);

    [Fact]
    public async Task Messages_are_base64_on_the_wire_as_the_queue_trigger_reads_them_by_default()
    {
        await _queue.SendAsync(Queue, """{"id":"ü"}""", cancellationToken: Ct);

        var raw = new QueueClient(Azurite.ConnectionString, Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var peeked = Assert.Single((await raw.PeekMessagesAsync(1)).Value);

        Assert.Equal(Convert.ToBase64String("""{"id":"ü"}"""u8.ToArray()), peeked.Body.ToString());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in new[] { Queue, Queue + "-other", WorkQueueRules.PoisonQueueName(Queue) })
        {
            await _service.GetQueueClient(name).DeleteIfExistsAsync();
        }
    }
}
