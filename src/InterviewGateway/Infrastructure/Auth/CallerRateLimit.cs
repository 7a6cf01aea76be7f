using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using InterviewGateway.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Infrastructure.Auth;

/// The caller's own rate limit (contract section 2: 429): a token bucket per API key, refilled every
/// second, so a burst of a minute's allowance is possible but never more. Anonymous routes (health,
/// OpenAPI, vendor webhooks) are not limited here. Counted per instance.
internal static class CallerRateLimit
{
    public static void AddCallerRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var name = http.User.FindFirstValue(ClaimTypes.Name);
                var gateway = http.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue;
                var perMinute = name is null ? 0 : gateway.ApiKeys.GetValueOrDefault(name)?.RequestsPerMinute ?? gateway.RequestsPerMinutePerKey;
                return perMinute <= 0
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter($"{name}:{perMinute}", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perMinute,
                        TokensPerPeriod = Math.Max(1, perMinute / 60),
                        // Exactly perMinute tokens a minute, whatever the rounding of TokensPerPeriod.
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1) * Math.Max(1, perMinute / 60) / perMinute,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Type = ProblemTypes.RateLimited,
                        Title = "Too many requests",
                        Detail = "This API key is over its request rate limit; retry after the Retry-After interval.",
                    },
                });
            };
        });
}
