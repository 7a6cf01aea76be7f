using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewGateway.Client.Http;

/// Reads a non-success answer into InterviewGatewayProblemException. Refit calls it (RefitSettings.ExceptionFactory)
/// after the HTTP pipeline, so it only sees the answer the resilience handler's retries ended with.
internal static class ProblemReader
{
    public static async Task<InterviewGatewayProblemException> ToExceptionAsync(HttpResponseMessage response,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        Problem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                problem = JsonSerializer.Deserialize<Problem>(body, ClientJson.Options);
            }
            catch (JsonException)
            {
                // Not a problem document (a proxy's page, say): the status alone still tells what happened.
            }
        }

        return new InterviewGatewayProblemException(response.StatusCode, problem?.Type,
            problem?.Title ?? response.ReasonPhrase, problem?.Detail, problem?.Errors, problem?.TraceId, retryAfter);
    }

    private sealed record Problem(
        string? Type, string? Title, int? Status, string? Detail,
        [property: JsonPropertyName("errors")] Dictionary<string, string[]>? Errors,
        [property: JsonPropertyName("trace_id")] string? TraceId);
}
