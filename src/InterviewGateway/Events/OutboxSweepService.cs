using Microsoft.Extensions.Options;

namespace InterviewGateway.Events;

/// Runs the outbox sweep on every instance every `Events:OutboxInterval` (no Hangfire job, so it needs
/// nothing registered in Redis and keeps running however Redis was emptied). A failing pass (Redis
/// unreachable) logs one warning per outage and is retried at the next tick.
internal sealed partial class OutboxSweepService(
    IServiceProvider services, IOptions<EventOptions> options, ILogger<OutboxSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxInterval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await services.GetRequiredService<OutboxSweep>().RunAsync(stoppingToken);
                if (failing)
                {
                    Log.Resumed(logger);
                    failing = false;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    Log.Failing(logger, ex.GetType().Name, ex.Message);
                    failing = true;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3100, LogLevel.Warning,
            "The outbox sweep failed ({Error}: {Message}); retrying every interval until it succeeds")]
        public static partial void Failing(ILogger logger, string error, string message);

        [LoggerMessage(3101, LogLevel.Information, "The outbox sweep works again")]
        public static partial void Resumed(ILogger logger);
    }
}
