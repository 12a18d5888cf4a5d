namespace Kmt.Testing.Gremlin.Server;

/// <summary>
/// A failure the test endpoint answers the next eval request with, instead of running it: a 429 with
/// x-ms-retry-after-ms, a 1008 followed by closing the socket, or any other status pair (1009 timeout...).
/// </summary>
public sealed record GremlinFault(int GremlinStatus, int CosmosStatus, string Message, TimeSpan? RetryAfter = null, bool CloseConnection = false)
{
    /// <summary>429 "request rate is large" with x-ms-retry-after-ms as a TimeSpan string, substatus 3200.</summary>
    public static GremlinFault Throttle(TimeSpan retryAfter) =>
        new(500, 429, "Request rate is large. More Request Units may be needed.", retryAfter);

    /// <summary>x-ms-status-code 1008 (server busy / connection being closed), then the socket closes (1008 PolicyViolation).</summary>
    public static GremlinFault Close1008() =>
        new(500, 1008, "Connection is too busy. Please retry after sometime or open more connections.", CloseConnection: true);

    /// <summary>x-ms-status-code 1007: the server is closing the connection; the socket then closes.</summary>
    public static GremlinFault Close1007() =>
        new(500, 1007, "Could not process request. Underlying connection has been closed.", CloseConnection: true);

    /// <summary>x-ms-status-code 412: a concurrent write changed the element (Cosmos says: resubmit).</summary>
    public static GremlinFault PreconditionFailed() =>
        new(500, 412, "PreconditionFailedException: One of the specified pre-condition is not met.");

    /// <summary>x-ms-status-code 1009: the traversal took longer than allowed.</summary>
    public static GremlinFault Timeout1009() =>
        new(500, 1009, "The operation did not complete in the allotted time and was canceled by the server.");
}
