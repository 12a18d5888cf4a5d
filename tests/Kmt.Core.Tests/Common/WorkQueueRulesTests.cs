using Kmt.Core.Common;
using Moq;

namespace Kmt.Core.Tests.Common;

/// <summary>The queue rules both adapters share (the adapters' own behaviour is WorkQueueContract's).</summary>
public sealed class WorkQueueRulesTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(6, 60)]
    [InlineData(1000, 60)]
    public void The_retry_delay_doubles_with_each_failure_up_to_the_cap(long dequeueCount, int seconds)
    {
        var options = new WorkQueueOptions { RetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(TimeSpan.FromSeconds(seconds), WorkQueueRules.RetryDelay(options, dequeueCount));
    }

    [Theory]
    [InlineData("graph-changes", true)]
    [InlineData("abc", true)]
    [InlineData("ab", false)]
    [InlineData("Graph-changes", false)]
    [InlineData("graph_changes", false)]
    [InlineData("-graph", false)]
    [InlineData("graph-", false)]
    [InlineData("graph--changes", false)]
    public void Queue_names_follow_Azures_rule(string name, bool valid)
    {
        var error = Record.Exception(() => WorkQueueRules.ValidateQueueName(name));

        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void A_queue_name_leaves_room_for_its_poison_queue()
    {
        var longest = new string('q', 56);

        WorkQueueRules.ValidateQueueName(longest);
        WorkQueueRules.ValidateQueueName(WorkQueueRules.PoisonQueueName(longest));
        Assert.Throws<ArgumentException>(() => WorkQueueRules.ValidateQueueName(longest + "q"));
    }

    [Fact]
    public async Task A_failure_before_the_max_dequeue_count_abandons_with_the_retry_delay_and_at_the_max_poisons()
    {
        var receiver = new Mock<IWorkQueueReceiver>();
        var options = new WorkQueueOptions { MaxDequeueCount = 5, RetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromMinutes(1) };
        var fourth = new WorkQueueMessage("graph-changes", "id", "{}", 4, DateTimeOffset.UnixEpoch, "r", DateTimeOffset.UnixEpoch);
        var fifth = fourth with { DequeueCount = 5 };

        Assert.False(await WorkQueueRules.SettleFailureAsync(receiver.Object, fourth, options, CancellationToken.None));
        Assert.True(await WorkQueueRules.SettleFailureAsync(receiver.Object, fifth, options, CancellationToken.None));

        receiver.Verify(r => r.AbandonAsync(fourth, TimeSpan.FromSeconds(16), It.IsAny<CancellationToken>()), Times.Once);
        receiver.Verify(r => r.PoisonAsync(fifth, It.IsAny<CancellationToken>()), Times.Once);
        receiver.VerifyNoOtherCalls();
    }
}
