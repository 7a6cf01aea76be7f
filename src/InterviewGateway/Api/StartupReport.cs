using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Vendors;

namespace InterviewGateway.Api;

/// Says once, at startup, what this instance runs on: which store, which vendors, sandbox or not.
internal sealed partial class StartupReport(IConfiguration configuration, VendorCatalog catalog,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.UsesRedis())
        {
            Log.RedisStore(logger);
        }
        else
        {
            Log.InMemoryStore(logger);
        }

        foreach (var vendor in catalog.All)
        {
            var connection = catalog.Connection(vendor.Key);
            Log.Vendor(logger, vendor.Key.Value, !connection.Configured ? "not configured" : connection.Sandbox
                ? "sandbox simulator" : "live API");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "State: Redis (shared by every instance)")]
        public static partial void RedisStore(ILogger logger);

        [LoggerMessage(101, LogLevel.Information,
            "State: in memory with Hangfire.InMemory (ConnectionStrings:Redis is not set): "
            + "one instance only, lost on restart")]
        public static partial void InMemoryStore(ILogger logger);

        [LoggerMessage(102, LogLevel.Information, "Vendor {Vendor}: {Mode}")]
        public static partial void Vendor(ILogger logger, string vendor, string mode);
    }
}
