using Hangfire.Server;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Vendors;

namespace InterviewGateway.Polling;

/// One long-running Hangfire process per poll-capable vendor, each on its own thread, so a vendor that
/// hangs never stalls another's polling. Hangfire calls Execute in a loop; it never occupies a job
/// worker, and there is no recurring job per interview.
internal sealed partial class PollingProcess(
    VendorKey vendor, PollDispatcher dispatcher, VendorCatalog catalog, TimeProvider time,
    ILogger<PollingProcess> logger)
    : IBackgroundProcess
{
    private readonly StorageOutage _outage = new(time);

    public void Execute(BackgroundProcessContext context)
    {
        var wait = PollDispatcher.Idle;
        if (catalog.Connection(vendor).Configured)
        {
            try
            {
                wait = dispatcher.StepAsync(vendor, context.StoppingToken).GetAwaiter().GetResult();
                _outage.Succeeded();
            }
            catch (OperationCanceledException) when (context.StoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis down or a bug: say so, back off a little, keep the process alive.
                Report(ex);
            }
        }

        if (wait > TimeSpan.Zero)
        {
            context.StoppingToken.WaitHandle.WaitOne(wait);
        }
    }

    private void Report(Exception exception)
    {
        var failure = _outage.Failed(exception);
        switch (failure.Kind)
        {
            case StepFailureKind.Unexpected:
                Log.StepFailed(logger, vendor.Value, exception);
                break;
            case StepFailureKind.OutageStarted:
                Log.StorageUnavailable(logger, vendor.Value, exception.GetType().Name,
                    exception.GetBaseException().Message);
                break;
            case StepFailureKind.OutagePersists:
                Log.StorageStillUnavailable(logger, vendor.Value, failure.For, exception);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5100, LogLevel.Error, "Polling step for {Vendor} failed")]
        public static partial void StepFailed(ILogger logger, string vendor, Exception exception);

        [LoggerMessage(5101, LogLevel.Warning,
            "Polling for {Vendor} paused: storage (Redis) unavailable ({Error}: {Message}); retrying")]
        public static partial void StorageUnavailable(ILogger logger, string vendor, string error, string message);

        [LoggerMessage(5102, LogLevel.Error,
            "Polling for {Vendor}: storage (Redis) still unavailable after {Duration}")]
        public static partial void StorageStillUnavailable(ILogger logger, string vendor, TimeSpan duration,
            Exception exception);
    }
}
