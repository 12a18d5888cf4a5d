using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.EndToEnd.Tests.Hosting;

/// <summary>
/// Queue-triggered functions of the test assembly, written as the app writes its own, for the DevHost's
/// queue runner to run (QueueTriggerRunnerTests). Their queues are %settings% so each test's host has queues of its own.
/// </summary>
public sealed class QueueProbeFunctions(QueueProbeRecorder recorder)
{
    public const string TextQueueSetting = "Probe:TextQueue";
    public const string ChangeQueueSetting = "Probe:ChangeQueue";
    public const string FailingQueueSetting = "Probe:FailingQueue";

    [Function("Probe_Text")]
    public Task Text([QueueTrigger("%" + TextQueueSetting + "%")] string message, long dequeueCount, string id, FunctionContext context)
    {
        recorder.Record(context.FunctionDefinition.Name, message, dequeueCount, id);
        return Task.CompletedTask;
    }

    [Function("Probe_Change")]
    public void Change([QueueTrigger("%" + ChangeQueueSetting + "%")] ProbeChange change, long dequeueCount, string id) =>
        recorder.Record("Probe_Change", change, dequeueCount, id);

    [Function("Probe_Failing")]
    public void Failing([QueueTrigger("%" + FailingQueueSetting + "%")] string message, long dequeueCount, string id)
    {
        recorder.Record("Probe_Failing", message, dequeueCount, id);
        throw new InvalidOperationException("The probe fails on purpose.");
    }
}

/// <summary>A JSON message bound to a class, as a queue trigger binds a POCO.</summary>
public sealed record ProbeChange(string ItemId, string Kind, int Version);

/// <summary>What the probe functions were called with, in order.</summary>
public sealed class QueueProbeRecorder
{
    private readonly ConcurrentQueue<ProbeCall> _calls = new();

    public IReadOnlyList<ProbeCall> Calls => [.. _calls];

    public void Record(string function, object value, long dequeueCount, string id) => _calls.Enqueue(new ProbeCall(function, value, dequeueCount, id));
}

public sealed record ProbeCall(string Function, object Value, long DequeueCount, string Id);
