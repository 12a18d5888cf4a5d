namespace Kmt.Testing.Gremlin.Language;

/// <summary>
/// A script the test endpoint refuses or cannot evaluate, with the statuses it answers with: Gremlin 597
/// (SCRIPT_EVALUATION_ERROR) and x-ms-status-code 400 by default, the way Cosmos reports
/// GraphCompileException / GraphRuntimeException (README.md "Errors").
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

    public static GremlinError Compile(string message) => new("GraphCompileException", message);

    public static GremlinError Runtime(string message) => new("GraphRuntimeException", message);

    public static GremlinError Conflict(string message) => new("GraphRuntimeException", message, 500, 409);

    public static GremlinError NotFound(string message) => new("GraphRuntimeException", message, 500, 404);
}
