using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Redis.StackExchange;
using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Hangfire;

internal static class HangfireSetup
{
    /// Recurring jobs only: polling runs as the server's background processes, deliveries and webhook
    /// follow-ups on their own dispatchers (docs/architecture.md, "Background work").
    public static readonly string[] Queues = ["default"];

    public static void AddGatewayHangfire(this WebApplicationBuilder builder)
    {
        var useRedis = builder.Configuration.UsesRedis();
        var invisibility = builder.Configuration.GetValue("Hangfire:InvisibilityTimeout", TimeSpan.FromMinutes(5));
        builder.Services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseFilter(new FailedJobExpiry { Order = int.MaxValue }) // after each job's AutomaticRetry
                .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()));
            if (useRedis)
            {
                config.UseRedisStorage(sp.GetRequiredService<IConnectionMultiplexer>(),
                    new RedisStorageOptions
                    {
                        Prefix = sp.GetRequiredService<RedisKeys>().HangfirePrefix,
                        // A job taken by an instance that then died runs again after this (default 30 min,
                        // `Hangfire:InvisibilityTimeout`). The one long job, reconciliation, holds a JobLease,
                        // so a second start while it still runs exits at once.
                        InvisibilityTimeout = invisibility,
                    });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        // The dashboard checks an antiforgery token on every POST once IAntiforgery is registered, so a
        // cross-site form cannot ride on a browser's cached Basic credentials to trigger or delete jobs.
        builder.Services.AddAntiforgery();
        // Recurring jobs are triggered every SchedulePollingInterval (Hangfire's default is 15 s; tests go
        // down to 1 s); the gateway schedules no delayed jobs.
        var schedulePolling = builder.Configuration.GetValue("Hangfire:SchedulePollingInterval",
            TimeSpan.FromSeconds(5));
        // Workers run the recurring jobs only (each polling process has its own thread); Hangfire:WorkerCount
        // sizes them.
        var workers = builder.Configuration.GetValue("Hangfire:WorkerCount",
            Math.Min(Environment.ProcessorCount * 5, 20));
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = Math.Clamp(workers, 1, 100);
            options.Queues = Queues;
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.SchedulePollingInterval = schedulePolling;
        });
        builder.Services.AddHostedService<RecurringJobKeeper>();
    }

    /// The dashboard: HTTP Basic with a `subscriptions:manage` key as the password (browsers cannot send
    /// bearer tokens), or loopback-only in Development; POSTs need the antiforgery token. Anonymous to the
    /// API key scheme, because the dashboard's own filter authenticates it.
    public static void MapGatewayHangfireDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAuthorization(app.Environment.IsDevelopment())],
            DisplayStorageConnectionString = false,
            AppPath = "/swagger",
            IgnoreAntiforgeryToken = false,
        }).AllowAnonymous();

    private sealed class DashboardAuthorization(bool development) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (development && http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip))
            {
                return true;
            }

            if (AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
                && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
                    && header.Parameter is { } parameter
                && Password(parameter) is { } password
                && ApiKeyAuthenticationHandler.Match(
                    http.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue, password)
                    is { } match
                && match.Key.Scopes.Contains(Scopes.SubscriptionsManage))
            {
                return true;
            }

            http.Response.Headers.WWWAuthenticate = "Basic realm=\"InterviewGateway Hangfire\"";
            return false;
        }

        /// The password part of `user:password`; the user name is ignored.
        private static string? Password(string parameter)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
