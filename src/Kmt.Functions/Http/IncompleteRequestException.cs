using Kmt.Core.Common;

namespace Kmt.Functions.Http;

/// <summary>
/// The client sent less than it announced or the connection broke while the body was read. Answered
/// 400 and logged as a client error (Information), never as a server failure (docs/api.md, "Errors").
/// </summary>
public sealed class IncompleteRequestException : KmtException
{
    public IncompleteRequestException(Exception cause)
        : base(ErrorCode.ValidationError, "The request body ended before it was complete; send it again.", new { field = "body", reason = "incomplete" })
    {
        Cause = cause;
    }

    /// <summary>What the server saw (Kestrel's BadHttpRequestException, an IOException), for the log.</summary>
    public Exception Cause { get; }
}
