using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Json;

namespace InterviewGateway.Infrastructure.Idempotency;

/// `Idempotency-Key` on POSTs: a replay within 24 h gets the first response; the same key while the first
/// is still running gets 409, and with another body 422 (as draft-ietf-httpapi-idempotency-key-header
/// says: the retry is not a conflict that waiting resolves, it is a different request). Only successes
/// are remembered, so a request that failed (vendor 5xx, timeout, validation) can simply be retried.
internal sealed class IdempotencyFilter(IIdempotencyStore store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers[Header].ToString();
        if (header.Length == 0)
        {
            return await next(context);
        }

        if (header.Length > 255 || header.Any(char.IsControl))
        {
            throw ProblemException.Validation(Header, "Idempotency-Key must be 1-255 printable characters.");
        }

        var key = $"{http.User.FindFirstValue(ClaimTypes.Name)}:{header}";
        var fingerprint = Fingerprint(http, context.Arguments);
        var (state, stored, claim) = await store.BeginAsync(key, fingerprint, http.RequestAborted);
        switch (state)
        {
            case IdempotencyState.Replay:
                return new ReplayResult(stored!);
            case IdempotencyState.InProgress:
                throw new ProblemException(409, ProblemTypes.IdempotencyConflict, "Idempotency conflict",
                    "A request with this Idempotency-Key is still being processed; retry after it finishes.");
            case IdempotencyState.Mismatch:
                throw new ProblemException(422, ProblemTypes.IdempotencyKeyReused, "Idempotency-Key reused",
                    "This Idempotency-Key was already used with a different request; use a new key.");
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.AbandonAsync(key, claim!, fingerprint, CancellationToken.None);
            throw;
        }

        if (Capture(result) is { Status: >= 200 and < 300 } response)
        {
            await store.CompleteAsync(key, claim!, fingerprint, response, Retention, CancellationToken.None);
        }
        else
        {
            await store.AbandonAsync(key, claim!, fingerprint, CancellationToken.None);
        }

        return result;
    }

    /// Method, path and the request body (the argument of the type WithIdempotency<TBody> named).
    private static string Fingerprint(HttpContext http, IList<object?> arguments)
    {
        var body = http.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>()?.Body;
        var bodies = arguments.Where(a => a is not null && a.GetType() == body);
        var text = $"{http.Request.Method} {http.Request.Path} {JsonSerializer.Serialize(bodies, GatewayJson.Api)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static IdempotentResponse? Capture(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IStatusCodeHttpResult { StatusCode: { } status } and IValueHttpResult { Value: var value }
            ? new IdempotentResponse(status, JsonSerializer.Serialize(value, GatewayJson.Api),
                result.GetType().GetProperty("Location")?.GetValue(result) as string)
            : null;
    }

    private sealed class ReplayResult(IdempotentResponse response) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.Status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (response.Location is not null)
            {
                httpContext.Response.Headers.Location = response.Location;
            }

            return httpContext.Response.WriteAsync(response.Body);
        }
    }
}
