using Hangfire.Server;
using InterviewGateway.Vendors;

namespace InterviewGateway.Polling;

/// One long-running Hangfire process per poll-capable vendor, each on its own thread, so a vendor that
/// hangs never stalls another's polling. Hangfire calls Execute in a loop; it never occupies a job
/// worker, and there is no recurring job per interview.
internal sealed partial class PollingProcess(
    VendorKey vendor, PollDispatcher dispatcher, VendorCatalog catalog, ILogger<PollingProcess> logger)
    : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context)
    {
        var wait = PollDispatcher.Idle;
        if (catalog.Connection(vendor).Configured)
        {
            try
            {
                wait = dispatcher.StepAsync(vendor, context.StoppingToken).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (context.StoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis down or a bug: say so, back off a little, keep the process alive.
                Log.StepFailed(logger, vendor.Value, ex);
            }
        }

        if (wait > TimeSpan.Zero)
        {
            context.StoppingToken.WaitHandle.WaitOne(wait);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5100, LogLevel.Error, "Polling step for {Vendor} failed")]
        public static partial void StepFailed(ILogger logger, string vendor, Exception exception);
    }
}
