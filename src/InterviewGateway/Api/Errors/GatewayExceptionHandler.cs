using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

using InterviewGateway.Infrastructure.Errors;

namespace InterviewGateway.Api.Errors;

/// The one place exceptions become problem+json. Expected failures (ProblemException, bad requests)
/// are not logged as errors; anything else is a bug and is logged once, without request bodies.
internal sealed partial class GatewayExceptionHandler(IProblemDetailsService problems,
    ILogger<GatewayExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception,
        CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException api => FromApiProblem(context, api),
            BadHttpRequestException bad => FromBadRequest(bad),
            _ when context.RequestAborted.IsCancellationRequested => null,
            _ when Infrastructure.Redis.RedisFaults.Is(exception) => StorageUnavailable(context, exception),
            _ => Unexpected(exception),
        };
        if (problem is null)
        {
            return true;
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem,
            Exception = exception });
    }

    private static ProblemDetails FromApiProblem(HttpContext context, ProblemException api)
    {
        if (api.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var problem = api.Errors is { } errors
            ? new HttpValidationProblemDetails(errors)
            : new ProblemDetails();
        problem.Status = api.Status;
        problem.Type = api.Type;
        problem.Title = api.Title;
        problem.Detail = api.Message;
        return problem;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => new ProblemDetails
        {
            Status = 413,
            Type = ProblemTypes.PayloadTooLarge,
            Title = "Request body too large",
            Detail = "The request body exceeds the gateway's limit (Gateway:MaxRequestBodyBytes).",
        },
        StatusCodes.Status415UnsupportedMediaType => new ProblemDetails
        {
            Status = 415,
            Type = ProblemTypes.UnsupportedMediaType,
            Title = "Unsupported media type",
            Detail = "Send the request body as application/json.",
        },
        _ => new ProblemDetails
        {
            Status = bad.StatusCode,
            Type = ProblemTypes.ForStatus(bad.StatusCode),
            Title = "Malformed request",
            Detail = DescribeBadRequest(bad),
        },
    };

    // The framework's messages name C# types and parameters; say it in the API's terms instead.
    private static string DescribeBadRequest(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: { Length: > 0 } path } json when json.Message.Contains("could not be mapped",
            StringComparison.Ordinal) =>
            $"Unknown property at '{path}'. Remove it; unknown properties are rejected.",
        JsonException { Path: { Length: > 0 } path }
            => $"The JSON body is invalid at '{path}' (wrong type or malformed value).",
        JsonException => "The request body is not valid JSON.",
        _ when bad.Message.Contains("Required parameter", StringComparison.Ordinal)
            => "A required value is missing: send a JSON body.",
        _ when bad.Message.Contains("Failed to bind parameter", StringComparison.Ordinal)
            => "A query or route value has the wrong format.",
        _ => "The request could not be read.",
    };

    /// Redis unreachable: nothing was lost (a write either committed or did not), so the caller retries.
    /// Logged as one warning per 10 s at most, not once per request.
    private ProblemDetails StorageUnavailable(HttpContext context, Exception exception)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastStorageWarning);
        if (now - last >= 10_000 && Interlocked.CompareExchange(ref _lastStorageWarning, now, last) == last)
        {
            Log.StorageUnavailable(logger, exception.GetType().Name, exception.Message);
        }

        var retryAfter = (int)Infrastructure.Redis.RedisFaults.RetryAfter.TotalSeconds;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = 503,
            Type = ProblemTypes.StorageUnavailable,
            Title = "Storage unavailable",
            Detail = "The gateway cannot reach its storage right now. Nothing was lost; retry after Retry-After.",
        };
    }

    private static long _lastStorageWarning = -10_000;

    private ProblemDetails Unexpected(Exception exception)
    {
        Log.Unhandled(logger, exception);
        return new ProblemDetails
        {
            Status = 500,
            Type = ProblemTypes.Internal,
            Title = "Internal error",
            Detail = "An unexpected error occurred. Quote the trace_id when reporting it.",
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Warning, "Storage (Redis) unavailable, answering 503: {Error}: {Message}")]
        public static partial void StorageUnavailable(ILogger logger, string error, string message);

        [LoggerMessage(1000, LogLevel.Error, "Unhandled exception while serving the request")]
        public static partial void Unhandled(ILogger logger, Exception exception);
    }
}
