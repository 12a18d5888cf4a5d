namespace Kmt.Testing.Gremlin.Language;

/// <summary>
/// A script the test endpoint refuses or cannot evaluate, with the statuses it answers with: Gremlin 597
/// (SCRIPT_EVALUATION_ERROR) with x-ms-status-code 1004 (refused) or 1000 (failed while running), the codes
/// Microsoft's "response headers" page gives for those cases (README.md "Errors").
/// </summary>
public sealed class GremlinError : Exception
{
    public GremlinError(string exceptionType, string message, int gremlinStatus = 597, int cosmosStatus = 400)
        : base(message)
    {
        ExceptionType = exceptionType;
        GremlinStatus = gremlinStatus;
        CosmosStatus = cosmosStatus;
    }

    public string ExceptionType { get; }

    public int GremlinStatus { get; }

    public int CosmosStatus { get; }

    /// <summary>Refused before running: x-ms-status-code 1004 ("malformed graph request ... unsupported gremlin operation").</summary>
    public static GremlinError Compile(string message) => new("GraphCompileException", message, 597, 1004);

    /// <summary>Parsed but could not run: x-ms-status-code 1000.</summary>
    public static GremlinError Runtime(string message) => new("GraphRuntimeException", message, 597, 1000);

    public static GremlinError Conflict(string message) => new("GraphRuntimeException", "Conflicting request to resource has been attempted. Retry to avoid conflicts. " + message, 500, 409);

    public static GremlinError NotFound(string message) => new("GraphRuntimeException", message, 500, 404);
}
