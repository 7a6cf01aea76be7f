using Hangfire.Server;

namespace InterviewGateway.Inbound;

/// One long-running Hangfire process, as each vendor's PollingProcess: Hangfire calls Execute on its own
/// thread, never a job worker, and there is no job per webhook. The dispatcher's loop runs until the
/// server stops (it logs and survives its own failures); Hangfire restarts it should it ever return.
internal sealed class FollowUpProcess(FollowUpDispatcher dispatcher) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context) =>
        dispatcher.RunAsync(context.StoppingToken).GetAwaiter().GetResult();
}
