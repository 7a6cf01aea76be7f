using System.Net;
using System.Text.Json;
using InterviewGateway.Infrastructure.Errors;
using Polly.Timeout;
using Refit;

namespace InterviewGateway.Vendors;

/// Turns what a Refit call threw into the contract's vendor problems. Vendor bodies are read by the
/// adapter at most for a code; nothing of them reaches the caller.
internal static class VendorErrors
{
    public static async Task<T> CallAsync<T>(
        VendorKey vendor, string vendorInterviewId, Func<Task<T>> call, TimeProvider time)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (Map(vendor, vendorInterviewId, ex, time) is { } mapped)
        {
            throw mapped;
        }
    }

    /// Reads a vendor reply into its wire record; a reply of the wrong shape is the vendor's fault (502),
    /// never a 500 of ours.
    public static T? Read<T>(VendorKey vendor, JsonElement raw, JsonSerializerOptions json)
    {
        try
        {
            return raw.ValueKind == JsonValueKind.Object ? raw.Deserialize<T>(json) : default;
        }
        catch (JsonException ex)
        {
            throw VendorException.BadGateway(vendor, "the reply could not be read.", ex);
        }
    }

    public static ProblemException? Map(
        VendorKey vendor, string vendorInterviewId, Exception exception, TimeProvider time) => exception switch
    {
        ProblemException => null,
        // Refit wraps what our own handlers throw (budget, not configured): surface the original.
        ApiRequestException { InnerException: ProblemException inner } => inner,
        ApiRequestException { InnerException: { } inner } => Map(vendor, vendorInterviewId, inner, time),
        ApiException api => FromStatus(vendor, vendorInterviewId, api, time),
        TimeoutRejectedException => VendorException.Timeout(vendor, exception),
        TaskCanceledException { InnerException: TimeoutException } => VendorException.Timeout(vendor, exception),
        HttpRequestException => VendorException.Unreachable(vendor, exception),
        System.Text.Json.JsonException => VendorException.BadGateway(vendor, "the reply could not be read.", exception),
        _ => null,
    };

    private static VendorException FromStatus(
        VendorKey vendor, string vendorInterviewId, ApiException api, TimeProvider time) => api.StatusCode switch
    {
        HttpStatusCode.NotFound => VendorException.NotFound(vendor, vendorInterviewId),
        HttpStatusCode.TooManyRequests =>
            VendorException.RateLimited(vendor, RetryAfter(api, time) ?? VendorGateHandler.DefaultPause),
        HttpStatusCode.Unauthorized => VendorException.BadGateway(
            vendor, "the vendor rejected the gateway's API key (check Vendors configuration).", api),
        HttpStatusCode.Forbidden =>
            VendorException.BadGateway(vendor, "the gateway's API key may not access this resource.", api),
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict =>
            VendorException.Rejected(
                vendor, "the request was rejected as invalid (for example an id the vendor does not know)."),
        _ => VendorException.BadGateway(vendor, $"the vendor answered {(int)api.StatusCode}.", api),
    };

    private static TimeSpan? RetryAfter(ApiException api, TimeProvider time)
    {
        using var response = new HttpResponseMessage(api.StatusCode);
        foreach (var header in api.Headers)
        {
            response.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return Infrastructure.Http.RetryAfterHeader.Parse(response, time.GetUtcNow());
    }
}
