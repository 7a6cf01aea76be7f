using System.Net;

namespace InterviewGateway.Client;

/// <summary>
/// Any error answer of the gateway (an <c>application/problem+json</c> body), after the client's retries.
/// Switch on <see cref="Type"/>; quote <see cref="TraceId"/> when reporting a problem.
/// </summary>
public sealed class InterviewGatewayProblemException : Exception
{
    /// <summary>Creates the exception from a problem's members.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="type">The stable problem type URI.</param>
    /// <param name="title">The problem type's summary.</param>
    /// <param name="detail">What went wrong in this request.</param>
    /// <param name="errors">Validation messages keyed by JSON field name.</param>
    /// <param name="traceId">The request's W3C trace id.</param>
    /// <param name="retryAfter">The server's Retry-After, when it sent one.</param>
    public InterviewGatewayProblemException(HttpStatusCode status, string? type, string? title, string? detail,
        IReadOnlyDictionary<string, string[]>? errors, string? traceId, TimeSpan? retryAfter = null)
        : base($"{(int)status} {title ?? status.ToString()}: {detail}")
    {
        Status = status;
        Type = type;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
        TraceId = traceId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The stable problem type URI, e.g. <c>https://interviewgateway.dev/problems/validation</c>.</summary>
    public string? Type { get; }

    /// <summary>A short summary of the problem type.</summary>
    public string? Title { get; }

    /// <summary>What went wrong in this request and what to change.</summary>
    public string? Detail { get; }

    /// <summary>Validation messages keyed by the JSON name of the field (empty unless a 400 validation).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The request's W3C trace id.</summary>
    public string? TraceId { get; }

    /// <summary>How long the server asked to wait before retrying (429 and 503).</summary>
    public TimeSpan? RetryAfter { get; }
}
