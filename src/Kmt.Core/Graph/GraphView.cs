namespace Kmt.Core.Graph;

/// <summary>A snapshot with the query that produced it (its times and bounds are echoed to the client).</summary>
public sealed record GraphView(GraphSnapshotQuery Query, GraphSnapshot Snapshot);
