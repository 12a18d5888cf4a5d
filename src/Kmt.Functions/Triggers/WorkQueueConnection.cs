namespace Kmt.Functions.Triggers;

/// <summary>
/// The Connection of every [QueueTrigger] in the app: the prefix of the app settings naming the storage
/// account whose queues carry the work (in Azure WorkQueueStorage__queueServiceUri with the managed
/// identity, infra/modules/functionapp.bicep; a connection string locally). It is the account
/// Kmt:Queues points the senders at (docs/design/hosting.md, "Queues").
/// </summary>
public static class WorkQueueConnection
{
    public const string Name = "WorkQueueStorage";
}
