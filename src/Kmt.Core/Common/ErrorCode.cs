namespace Kmt.Core.Common;

/// <summary>The error codes of the API's error envelope (the seed's section 5.2.2).</summary>
public enum ErrorCode
{
    ValidationError,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    ConsentRequired,
    ExportExpired,

    /// <summary>The configured store cannot serve this request (e.g. a local emulator without full-text or vector search): 501, never a 500.</summary>
    FeatureUnavailable,
    InternalError,
}

public static class ErrorCodeNames
{
    public static string ToWireName(this ErrorCode code) => code switch
    {
        ErrorCode.ValidationError => "VALIDATION_ERROR",
        ErrorCode.Unauthorized => "UNAUTHORIZED",
        ErrorCode.Forbidden => "FORBIDDEN",
        ErrorCode.NotFound => "NOT_FOUND",
        ErrorCode.Conflict => "CONFLICT",
        ErrorCode.PreconditionFailed => "PRECONDITION_FAILED",
        ErrorCode.PayloadTooLarge => "PAYLOAD_TOO_LARGE",
        ErrorCode.UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        ErrorCode.RateLimited => "RATE_LIMITED",
        ErrorCode.ConsentRequired => "CONSENT_REQUIRED",
        ErrorCode.ExportExpired => "EXPORT_EXPIRED",
        ErrorCode.FeatureUnavailable => "FEATURE_UNAVAILABLE",
        _ => "INTERNAL_ERROR",
    };

    public static int ToHttpStatus(this ErrorCode code) => code switch
    {
        ErrorCode.ValidationError => 400,
        ErrorCode.Unauthorized => 401,
        ErrorCode.Forbidden => 403,
        ErrorCode.NotFound => 404,
        ErrorCode.Conflict => 409,
        ErrorCode.PreconditionFailed => 412,
        ErrorCode.PayloadTooLarge => 413,
        ErrorCode.UnsupportedMediaType => 415,
        ErrorCode.RateLimited => 429,
        ErrorCode.ConsentRequired => 403,
        ErrorCode.ExportExpired => 410,
        ErrorCode.FeatureUnavailable => 501,
        _ => 500,
    };
}
