namespace InterviewGateway.Api.Errors;

/// Thrown by services for an expected, caller-facing failure; the exception handler turns it into
/// problem+json. `Detail` must be safe to show: never a vendor body, header or secret.
internal class ApiProblemException(int status, string type, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public TimeSpan? RetryAfter { get; init; }
    public IDictionary<string, string[]>? Errors { get; init; }

    public static ApiProblemException NotFound(string detail) => new(404, ProblemTypes.NotFound, "Not found", detail);

    public static ApiProblemException Conflict(string detail) => new(409, ProblemTypes.Conflict, "Conflict", detail);

    public static ApiProblemException Unsupported(string detail) =>
        new(422, ProblemTypes.VendorCannotDoThis, "The vendor cannot do this", detail);

    public static ApiProblemException Validation(string key, string message) =>
        new(400, ProblemTypes.Validation, "One or more validation errors occurred", message)
        {
            Errors = new Dictionary<string, string[]> { [key] = [message] },
        };
}
