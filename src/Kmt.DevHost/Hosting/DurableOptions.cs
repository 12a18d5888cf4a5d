namespace Kmt.DevHost.Hosting;

/// <summary>
/// Configuration section "Kmt:DevHost:Durable": the engine the DevHost runs the app's orchestrations
/// on (docs/design/insights.md, "Insight pipeline").
/// </summary>
public sealed class DurableOptions
{
    public const string Section = "Kmt:DevHost:Durable";

    public DurableEngine Engine { get; set; } = DurableEngine.InMemory;

    /// <summary>The storage account of <see cref="DurableEngine.AzureStorage"/>; Kmt:Blobs:ConnectionString when empty.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The task hub (queue, table and container name prefix) of <see cref="DurableEngine.AzureStorage"/>.</summary>
    public string TaskHub { get; set; } = "kmtdevhost";

    /// <summary>
    /// Queue message visibility timeouts of <see cref="DurableEngine.AzureStorage"/>: how long a work item
    /// taken by a process that died stays hidden before another start picks it up (the backend's default,
    /// 5 minutes, suits many workers, not one DevHost restarted by hand).
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Loopback port of the engine's gRPC endpoint; 0 picks a free one.</summary>
    public int Port { get; set; }
}
