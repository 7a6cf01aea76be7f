using Hangfire.Server;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Polling;

/// One long-running Hangfire process that drives every poll-capable vendor's dispatcher. Hangfire
/// calls Execute in a loop on its own thread; it never occupies a job worker, and there is no
/// recurring job per interview.
internal sealed partial class PollingProcess(PollDispatcher dispatcher, VendorCatalog catalog, ILogger<PollingProcess> logger) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context)
    {
        var wait = PollDispatcher.Idle;
        foreach (var vendor in catalog.All.Where(d => d.Capabilities.Polling && catalog.Connection(d.Key).Configured))
        {
            try
            {
                var next = dispatcher.StepAsync(vendor.Key, context.StoppingToken).GetAwaiter().GetResult();
                wait = next < wait ? next : wait;
            }
            catch (OperationCanceledException) when (context.StoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or InvalidOperationException)
            {
                Log.StepFailed(logger, vendor.Key.Value, ex);
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

/// Puts newly tracked poll-capable interviews in the due queue and takes finished ones out.
internal sealed class PollingChangeSink(IPollQueue queue, VendorCatalog catalog, IOptionsMonitor<PollingOptions> options, TimeProvider time) : IInterviewChangeSink
{
    public Task OnTrackedAsync(Interview interview, DetectedBy detectedBy, CancellationToken cancellationToken) =>
        catalog.Get(interview.Vendor).Capabilities.Polling && !interview.Status.IsTerminal()
            ? queue.ScheduleAsync(interview.Vendor, interview.Id, time.GetUtcNow() + options.CurrentValue.EffectiveCadence[0], interview.TrackedSince, cancellationToken)
            : Task.CompletedTask;

    public Task OnChangedAsync(Interview before, Interview after, DetectedBy detectedBy, CancellationToken cancellationToken) =>
        after.Status.IsTerminal() ? queue.RemoveAsync(after.Vendor, after.Id, cancellationToken) : Task.CompletedTask;

    public Task OnUntrackedAsync(Interview interview, CancellationToken cancellationToken) =>
        queue.RemoveAsync(interview.Vendor, interview.Id, cancellationToken);
}
