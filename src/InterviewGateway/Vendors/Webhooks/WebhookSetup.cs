using Hangfire;

namespace InterviewGateway.Vendors.Webhooks;

internal sealed class ReconciliationOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    /// How often each webhook vendor's list endpoint is checked for completions whose webhook was lost.
    public string Cron { get; set; } = "*/15 * * * *";

    /// How often each instance checks that the recurring jobs still exist in Hangfire's storage.
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RegistrationCheck { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        // Hangfire parses it at startup too; this catches the typo with a message naming the key.
        var fields = Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6) || fields.Any(f => !f.All(c => char.IsAsciiLetterOrDigit(c) || "*/,-?LW#".Contains(c))))
        {
            yield return new("Reconciliation:Cron must be a five-field cron expression, e.g. */15 * * * *.", [nameof(Cron)]);
        }
    }
}

internal static class WebhookSetup
{
    public static void AddVendorWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<VendorSecrets>();
        services.AddScoped<VendorWebhookJob>();
        services.AddScoped<ReconciliationJob>();
        services.AddOptions<ReconciliationOptions>().BindConfiguration("Reconciliation").ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ReconciliationSchedule>();
        services.AddHostedService<WebhookFollowUpPump>();
    }
}

/// Registers one recurring reconciliation job per vendor that has a reconciler, and registers it again
/// whenever it is missing (Redis flushed, or failed over to an empty replica), checking every
/// `Reconciliation:RegistrationCheck`. Runs in the background, so the gateway starts while Redis is down.
internal sealed partial class ReconciliationSchedule(
    IRecurringJobManager recurring, JobStorage storage, VendorCatalog catalog,
    IServiceProviderIsKeyedService registrations,
    Microsoft.Extensions.Options.IOptions<ReconciliationOptions> options, ILogger<ReconciliationSchedule> logger)
        : BackgroundService
{
    /// The recurring sweep of earlier versions; the outbox sweep replaced it.
    private const string RetiredFanOutSweep = "fanout-sweep";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        var retiredRemoved = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!retiredRemoved)
                {
                    recurring.RemoveIfExists(RetiredFanOutSweep);
                    retiredRemoved = true;
                }

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

            var wait = failing ? TimeSpan.FromSeconds(2) : options.Value.RegistrationCheck;
            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void EnsureRegistered()
    {
        using var connection = storage.GetConnection();
        foreach (var vendor in catalog.All)
        {
            var key = vendor.Key.Value;
            var id = $"reconcile:{key}";
            if (!registrations.IsKeyedService(typeof(IVendorReconciler), key))
            {
                continue;
            }

            var entry = connection.GetAllEntriesFromHash($"recurring-job:{id}");
            if (entry is null || entry.GetValueOrDefault("Cron") != options.Value.Cron)
            {
                recurring.AddOrUpdate<ReconciliationJob>(id, job => job.RunAsync(key, CancellationToken.None),
                    options.Value.Cron);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6200, LogLevel.Warning,
            "Recurring reconciliation jobs not registered yet ({Error}); retrying every 2 s")]
        public static partial void Deferred(ILogger logger, string error);
    }
}
