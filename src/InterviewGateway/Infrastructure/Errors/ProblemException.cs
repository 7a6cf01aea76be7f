namespace InterviewGateway.Infrastructure.Errors;

/// Thrown by services for an expected, caller-facing failure; the exception handler turns it into
/// problem+json. `Detail` must be safe to show: never a vendor body, header or secret.
internal class ProblemException(int status, string type, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public TimeSpan? RetryAfter { get; init; }
    public IDictionary<string, string[]>? Errors { get; init; }

    public static ProblemException NotFound(string detail) => new(404, ProblemTypes.NotFound, "Not found", detail);

    public static ProblemException Conflict(string detail) => new(409, ProblemTypes.Conflict, "Conflict", detail);

    public static ProblemException Unsupported(string detail) =>
        new(422, ProblemTypes.VendorCannotDoThis, "The vendor cannot do this", detail);

    public static ProblemException Validation(string key, string message) =>
        new(400, ProblemTypes.Validation, "One or more validation errors occurred", message)
        {
            Errors = new Dictionary<string, string[]> { [key] = [message] },
        };
}
