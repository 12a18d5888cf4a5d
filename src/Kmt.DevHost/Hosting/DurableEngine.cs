namespace Kmt.DevHost.Hosting;

/// <summary>Where the DevHost's orchestrations keep their state (Kmt:DevHost:Durable:Engine).</summary>
public enum DurableEngine
{
    /// <summary>In memory (Microsoft.DurableTask.InProcessTestHost): nothing survives a restart. The default.</summary>
    InMemory,

    /// <summary>
    /// The Azure Storage backend Durable Functions uses in production (DurableTask.AzureStorage: queues,
    /// tables, blobs), here on Azurite: orchestrations survive a crash and resume at the next start.
    /// </summary>
    AzureStorage,
}
