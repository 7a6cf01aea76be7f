using Hangfire;

namespace InterviewGateway.Infrastructure.Hangfire;

/// Registers every `RecurringJobDefinition`, and registers one again whenever it is missing or its cron
/// changed (Redis flushed, or failed over to an empty replica), checking every `Hangfire:RecurringJobCheck`
/// (1 min). Runs in the background, so the gateway starts, and keeps trying, while Redis is down.
internal sealed partial class RecurringJobKeeper(
    IRecurringJobManager recurring, JobStorage storage, IEnumerable<IRecurringJobSource> sources,
    IConfiguration configuration, ILogger<RecurringJobKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var check = configuration.GetValue("Hangfire:RecurringJobCheck", TimeSpan.FromMinutes(1));
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                EnsureRegistered();
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    Log.Deferred(logger, ex.GetType().Name);
                    failing = true;
                }
            }

            var wait = failing ? TimeSpan.FromSeconds(2) : check;
            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void EnsureRegistered()
    {
        using var connection = storage.GetConnection();
        foreach (var definition in sources.SelectMany(s => s.Jobs))
        {
            var entry = connection.GetAllEntriesFromHash($"recurring-job:{definition.Id}");
            if (entry is null || entry.GetValueOrDefault("Cron") != definition.Cron)
            {
                definition.Register(recurring);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6200, LogLevel.Warning, "Recurring jobs not registered yet ({Error}); retrying every 2 s")]
        public static partial void Deferred(ILogger logger, string error);
    }
}
