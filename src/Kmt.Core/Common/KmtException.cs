namespace Kmt.Core.Common;

/// <summary>
/// A failure a client can act on. The function app's error middleware turns it into the error
/// envelope with the code's HTTP status; anything else becomes INTERNAL_ERROR without details.
/// </summary>
public class KmtException(ErrorCode code, string message, object? details = null) : Exception(message)
{
    public ErrorCode Code { get; } = code;

    /// <summary>Serialized as error.details; must never hold another user's data or a stack trace.</summary>
    public object? Details { get; } = details;

    public static KmtException NotFound(string what) => new(ErrorCode.NotFound, $"{what} was not found.");

    public static KmtException Conflict(string message) => new(ErrorCode.Conflict, message);

    /// <summary>The store in use cannot serve the request: <paramref name="feature"/> names what it lacks (501 FEATURE_UNAVAILABLE).</summary>
    public static KmtException FeatureUnavailable(string feature, string message) => new(ErrorCode.FeatureUnavailable, message, new { feature });

    public static KmtException PreconditionFailed() => new(
        ErrorCode.PreconditionFailed,
        "The resource was changed by someone else since you read it. Fetch it again and retry with its new ETag.");

    public static KmtException Unauthorized(string message = "Authentication is required.") => new(ErrorCode.Unauthorized, message);
}

/// <summary>One rejected field; serialized as {field, reason}.</summary>
public sealed record FieldError(string Field, string Reason);

/// <summary>
/// Invalid input. Details follow the seed's shape ({field, reason}) for the first problem and list
/// every problem under "errors" so a form can show them all at once.
/// </summary>
public sealed class ValidationException : KmtException
{
    public ValidationException(IReadOnlyList<FieldError> errors)
        : base(ErrorCode.ValidationError, errors.Count == 1 ? errors[0].Reason : "The request has invalid fields.", BuildDetails(errors))
    {
        Errors = errors;
    }

    public ValidationException(string field, string reason) : this([new FieldError(field, reason)])
    {
    }

    public IReadOnlyList<FieldError> Errors { get; }

    private static Dictionary<string, object> BuildDetails(IReadOnlyList<FieldError> errors) => new()
    {
        ["field"] = errors[0].Field,
        ["reason"] = errors[0].Reason,
        ["errors"] = errors,
    };
}
