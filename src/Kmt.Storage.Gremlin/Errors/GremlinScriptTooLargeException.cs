namespace Kmt.Storage.Gremlin.Errors;

/// <summary>
/// Refused before sending: the script text is over Cosmos's 64 KB limit (docs/design/graph.md "The Gremlin
/// client"). Split the work into several requests; values travel in bindings and do not count.
/// </summary>
public sealed class GremlinScriptTooLargeException : GremlinException
{
    public GremlinScriptTooLargeException(int bytes, int limit)
        : base($"The Gremlin script is {bytes} bytes; Cosmos DB for Apache Gremlin accepts at most {limit}.")
    {
        Bytes = bytes;
        Limit = limit;
    }

    public int Bytes { get; }

    public int Limit { get; }
}
