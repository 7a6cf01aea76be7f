using Hangfire;

namespace InterviewGateway.Vendors.Webhooks;

/// Turns owed follow-ups into `VendorWebhookJob`s on every instance, off the request path. A follow-up
/// is leased, enqueued, then completed; an instance that dies in between leaves it to come back after
/// the lease, so the job may be enqueued twice (the follow-up is idempotent), never not at all.
internal sealed partial class WebhookFollowUpPump(
    IWebhookFollowUps followUps, IBackgroundJobClient jobs, ILogger<WebhookFollowUpPump> logger) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Idle;
            try
            {
                if (await PumpOnceAsync(stoppingToken) == Batch)
                {
                    wait = TimeSpan.Zero;
                }

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
                    Log.Failing(logger, ex.GetType().Name);
                    failing = true;
                }

                wait = TimeSpan.FromSeconds(1);
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// One pass: leases up to a batch of owed follow-ups and enqueues their jobs; returns how many. The
    /// deterministic simulation (tests/InterviewGateway.Simulation) calls it in simulated time.
    internal async Task<int> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var due = await followUps.LeaseAsync(Batch, Lease, cancellationToken);
        foreach (var followUp in due)
        {
            jobs.Enqueue<VendorWebhookJob>(job => job.RunAsync(followUp.Vendor, followUp.VendorInterviewId,
                CancellationToken.None));
            await followUps.CompleteAsync(followUp, cancellationToken);
        }

        return due.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(6110, LogLevel.Warning,
            "Vendor webhook follow-ups wait ({Error}); they are kept and enqueued once this works again")]
        public static partial void Failing(ILogger logger, string error);

        [LoggerMessage(6111, LogLevel.Information, "Vendor webhook follow-ups are enqueued again")]
        public static partial void Resumed(ILogger logger);
    }
}
