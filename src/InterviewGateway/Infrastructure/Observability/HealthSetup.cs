using Hangfire;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Observability;

internal static class HealthSetup
{
    private const string Ready = "ready";

    public static void AddGatewayHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<HangfireServerCheck>("hangfire", tags: [Ready]);
        if (builder.Configuration.UsesRedis())
        {
            checks.AddCheck<RedisCheck>("redis", tags: [Ready]);
        }
    }

    public static void MapGatewayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).ExcludeFromDescription().AllowAnonymous();
        // Storage unreachable reports Degraded (the health service logs that as a warning, Unhealthy as an
        // error on every probe); ready answers 503 for both.
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).ExcludeFromDescription().AllowAnonymous();
    }

    private sealed class RedisCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
            CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
            }
            catch (Exception ex) when (RedisFaults.Is(ex))
            {
                return HealthCheckResult.Degraded("Redis is unreachable");
            }
        }
    }

    private sealed class HangfireServerCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
            CancellationToken cancellationToken = default)
        {
            try
            {
                var servers = storage.GetMonitoringApi().Servers();
                return Task.FromResult(servers.Count > 0
                    ? HealthCheckResult.Healthy($"{servers.Count} Hangfire server(s)")
                    : HealthCheckResult.Unhealthy("No Hangfire server is running"));
            }
            catch (Exception ex) when (RedisFaults.Is(ex))
            {
                return Task.FromResult(HealthCheckResult.Degraded("Hangfire's storage (Redis) is unreachable"));
            }
        }
    }
}
