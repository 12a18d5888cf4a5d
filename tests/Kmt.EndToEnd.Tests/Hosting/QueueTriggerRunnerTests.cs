using Kmt.Core.Common;
using Kmt.DevHost.Functions;
using Kmt.DevHost.Hosting;
using Kmt.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>
/// The DevHost's queue runner, on a real DevHost (the embedded queue, or Azurite's on the emulated stack),
/// running the probe functions of this assembly through the app's worker pipeline.
/// </summary>
public sealed class QueueTriggerRunnerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_message_sent_is_delivered_once_with_its_binding_data_and_then_deleted()
    {
        await using var exclusive = await E2EStack.HoldHostSlotAsync();
        await using var host = await QueueHost.StartAsync();
        var queue = host.Queues[QueueProbeFunctions.TextQueueSetting];

        await host.Sender.SendAsync(queue, "Änderung 1", cancellationToken: CancellationToken.None);
        var call = Assert.Single(await host.WaitForCallsAsync("Probe_Text", 1));
        await host.StopRunnerAsync();

        Assert.Equal("Änderung 1", call.Value);
        Assert.Equal(1, call.DequeueCount);
        Assert.False(string.IsNullOrEmpty(call.Id));

        // Completed, not merely leased: once a lease would have run out, nothing is left to receive.
        await Task.Delay(QueueHost.Lease + TimeSpan.FromSeconds(1));
        Assert.Empty(await host.Receiver.ReceiveAsync(queue, 32, QueueHost.Lease, CancellationToken.None));
        Assert.Single(host.Recorder.Calls);
    }

    [Fact]
    public async Task A_JSON_message_binds_to_a_class_parameter()
    {
        await using var exclusive = await E2EStack.HoldHostSlotAsync();
        await using var host = await QueueHost.StartAsync();

        await host.Sender.SendAsync(host.Queues[QueueProbeFunctions.ChangeQueueSetting], """{"itemId":"item-7","kind":"replaced","version":3}""", cancellationToken: CancellationToken.None);

        var call = Assert.Single(await host.WaitForCallsAsync("Probe_Change", 1));
        Assert.Equal(new ProbeChange("item-7", "replaced", 3), call.Value);
    }

    [Fact]
    public async Task A_failing_functions_message_is_retried_up_to_the_max_dequeue_count_then_moved_to_the_poison_queue()
    {
        await using var exclusive = await E2EStack.HoldHostSlotAsync();
        await using var host = await QueueHost.StartAsync();
        var queue = host.Queues[QueueProbeFunctions.FailingQueueSetting];

        await host.Sender.SendAsync(queue, "always fails", cancellationToken: CancellationToken.None);

        var calls = await host.WaitForCallsAsync("Probe_Failing", QueueHost.MaxDequeueCount);
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<WorkQueueMessage> poisoned;
        do
        {
            poisoned = await host.Receiver.ReceiveAsync(WorkQueueRules.PoisonQueueName(queue), 32, QueueHost.Lease, CancellationToken.None);
        }
        while (poisoned.Count == 0 && DateTime.UtcNow < deadline && await Delay());
        await host.StopRunnerAsync();

        Assert.Equal([1L, 2L, 3L], calls.Select(c => c.DequeueCount));
        Assert.Single(calls.Select(c => c.Id).Distinct());
        Assert.Equal("always fails", Assert.Single(poisoned).Body);
        Assert.Equal(QueueHost.MaxDequeueCount, host.Recorder.Calls.Count);
    }

    [NotOnEmulatedAzureFact("Azurite keeps message visibility on its own clock, which a fake TimeProvider cannot move; the contract suite checks send delays on Azurite in real seconds")]
    public async Task A_visibility_delay_holds_the_message_back_until_it_passes_on_the_apps_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await QueueHost.StartAsync(clock);
        var queue = host.Queues[QueueProbeFunctions.TextQueueSetting];

        await host.Sender.SendAsync(queue, "in thirty seconds", TimeSpan.FromSeconds(30), CancellationToken.None);
        for (var second = 0; second < 29; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // each advance lets the runner poll once more
            await Task.Delay(20);
        }

        Assert.Empty(host.Recorder.Calls);
        var deadline = DateTime.UtcNow + Patience;
        while (host.Recorder.Calls.Count == 0 && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal("in thirty seconds", Assert.Single(host.Recorder.Calls).Value);
        Assert.True(clock.GetUtcNow() - clock.Start >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void The_probe_functions_are_found_as_the_app_s_would_be()
    {
        var functions = FunctionCatalog.QueueFunctions(typeof(QueueProbeFunctions).Assembly);

        Assert.Equal(["Probe_Change", "Probe_Failing", "Probe_Text"], functions.Select(f => f.Name));
        Assert.All(functions, f => Assert.Equal("queueTrigger", f.TriggerType));
        Assert.Equal("%Probe:TextQueue%", functions.Single(f => f.Name == "Probe_Text").QueueName);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    /// <summary>A DevHost with a queue runner for the probe functions, on queues of its own.</summary>
    private sealed class QueueHost : DevHostFixture, IAsyncDisposable
    {
        public const int MaxDequeueCount = 3;
        public static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

        private readonly FakeTimeProvider? _clock;
        private QueueTriggerRunner? _runner;

        private QueueHost(FakeTimeProvider? clock) => _clock = clock;

        public Dictionary<string, string> Queues { get; } = new()
        {
            [QueueProbeFunctions.TextQueueSetting] = "probe-text-" + Guid.NewGuid().ToString("N")[..12],
            [QueueProbeFunctions.ChangeQueueSetting] = "probe-change-" + Guid.NewGuid().ToString("N")[..12],
            [QueueProbeFunctions.FailingQueueSetting] = "probe-failing-" + Guid.NewGuid().ToString("N")[..12],
        };

        public QueueProbeRecorder Recorder => Services.GetRequiredService<QueueProbeRecorder>();

        public IWorkQueue Sender => Services.GetRequiredService<IWorkQueue>();

        public IWorkQueueReceiver Receiver => Services.GetRequiredService<IWorkQueueReceiver>();

        public static async Task<QueueHost> StartAsync(FakeTimeProvider? clock = null)
        {
            var host = new QueueHost(clock);
            await host.InitializeAsync();
            host._runner = QueueTriggerRunner.ForFunctions(FunctionCatalog.QueueFunctions(typeof(QueueProbeFunctions).Assembly), host.Services);
            await host._runner.StartAsync(CancellationToken.None);
            return host;
        }

        /// <summary>Waits (in real time, at most a minute) until <paramref name="function"/> has been called <paramref name="count"/> times.</summary>
        public async Task<IReadOnlyList<ProbeCall>> WaitForCallsAsync(string function, int count)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Recorder.Calls.Count(c => c.Function == function) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            return [.. Recorder.Calls.Where(c => c.Function == function)];
        }

        /// <summary>Stops the runner; its invocations in flight finish and settle first.</summary>
        public async Task StopRunnerAsync()
        {
            if (_runner is not null)
            {
                await _runner.StopAsync(CancellationToken.None);
                _runner.Dispose();
                _runner = null;
            }
        }

        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            foreach (var (key, value) in Queues)
            {
                settings[key] = value;
            }

            settings["Kmt:Queues:MaxDequeueCount"] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Kmt:Queues:VisibilityTimeout"] = "00:00:01";
            settings["Kmt:Queues:RetryDelay"] = "00:00:00.100";
            settings["Kmt:Queues:MaxRetryDelay"] = "00:00:00.200";
            settings["Kmt:Queues:PollInterval"] = "00:00:00.100";
            return settings;
        }

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton<QueueProbeRecorder>();
            if (_clock is not null)
            {
                services.AddSingleton<TimeProvider>(_clock);
            }
        }

        async ValueTask IAsyncDisposable.DisposeAsync()
        {
            await StopRunnerAsync();
            await DisposeAsync();
        }
    }
}
