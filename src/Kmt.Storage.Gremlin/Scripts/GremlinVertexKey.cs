namespace Kmt.Storage.Gremlin.Scripts;

/// <summary>
/// A vertex's address in a partitioned graph: [partitionKey, id]. Cosmos reads it as a point read inside one
/// partition; an id alone fans out over every partition.
/// </summary>
public readonly record struct GremlinVertexKey(object PartitionKey, object Id);
