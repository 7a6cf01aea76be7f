using Hangfire.Server;

namespace InterviewGateway.Inbound;

/// One long-running Hangfire process, as each vendor's PollingProcess: Hangfire calls Execute in a loop on
/// its own thread, never a job worker, and there is no job per webhook.
internal sealed partial class FollowUpProcess(
    FollowUpDispatcher dispatcher, FollowUpSignal signal, ILogger<FollowUpProcess> logger) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context)
    {
        TimeSpan wait;
        try
        {
            wait = dispatcher.StepAsync(context.StoppingToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (context.StoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Redis down or a bug: say so, back off a little, keep the process alive.
            Log.StepFailed(logger, ex);
            wait = TimeSpan.FromSeconds(1);
        }

        if (wait > TimeSpan.Zero)
        {
            WaitHandle.WaitAny([context.StoppingToken.WaitHandle, signal.Handle], wait);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6110, LogLevel.Error, "Inbound follow-up step failed")]
        public static partial void StepFailed(ILogger logger, Exception exception);
    }
}
