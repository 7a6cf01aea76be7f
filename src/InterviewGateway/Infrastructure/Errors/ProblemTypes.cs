namespace InterviewGateway.Infrastructure.Errors;

/// Stable problem `type` URIs: callers switch on these, so never rename one.
internal static class ProblemTypes
{
    private const string Base = "https://interviewgateway.dev/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedRequest = Base + "malformed-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string Conflict = Base + "conflict";
    public const string IdempotencyConflict = Base + "idempotency-conflict";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string VendorCannotDoThis = Base + "vendor-unsupported-operation";
    public const string RateLimited = Base + "rate-limited";
    public const string VendorError = Base + "vendor-error";
    public const string VendorUnavailable = Base + "vendor-unavailable";
    public const string VendorNotConfigured = Base + "vendor-not-configured";
    public const string VendorBudgetExhausted = Base + "vendor-budget-exhausted";
    public const string VendorTimeout = Base + "vendor-timeout";
    public const string StorageUnavailable = Base + "storage-unavailable";
    public const string Internal = Base + "internal";

    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => VendorCannotDoThis,
        429 => RateLimited,
        502 => VendorError,
        503 => VendorUnavailable,
        504 => VendorTimeout,
        _ => Internal,
    };
}
