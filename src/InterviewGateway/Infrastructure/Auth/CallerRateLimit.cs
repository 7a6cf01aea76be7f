using System.Globalization;
using System.Security.Claims;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Infrastructure.Auth;

/// The caller's own rate limit (contract section 2: 429): a token bucket per API key holding a minute's
/// allowance and refilled continuously, so a burst of a minute's allowance is possible but never more.
/// Counted in Redis (one script), so every instance spends from the same bucket; in memory without Redis.
/// Anonymous routes (health, OpenAPI, vendor webhooks) are not limited here. Every limited response,
/// 429 included, carries the RateLimit-Policy and RateLimit fields (CallerAllowance).
internal static class CallerRateLimit
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string Header = "RateLimit";

    public static void AddCallerRateLimit(this IServiceCollection services) =>
        services.AddStore<ICallerRateStore, InMemoryCallerRateStore, RedisCallerRateStore>();

    /// After authentication (it needs the caller's key name), before authorization.
    public static void UseCallerRateLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var name = http.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
            ? http.User.FindFirstValue(ClaimTypes.Name)
            : null;
        var gateway = http.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue;
        var perMinute = name is null
            ? 0
            : gateway.ApiKeys.GetValueOrDefault(name)?.RequestsPerMinute ?? gateway.RequestsPerMinutePerKey;
        if (perMinute <= 0)
        {
            await next(http);
            return;
        }

        var store = http.RequestServices.GetRequiredService<ICallerRateStore>();
        var allowance = await store.TryTakeAsync(name!, perMinute, http.RequestAborted);
        // At OnStarting, not now: the exception handler clears headers before it writes its problem.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[PolicyHeader] = allowance.PolicyField;
            http.Response.Headers[Header] = allowance.Field;
            return Task.CompletedTask;
        });
        if (allowance.RetryAfter is not { } retryAfter)
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = 429,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests",
                Detail = "This API key is over its request rate limit; retry after the Retry-After interval.",
            },
        });
    });
}
