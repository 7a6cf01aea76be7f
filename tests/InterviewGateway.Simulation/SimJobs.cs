using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace InterviewGateway.Simulation;

/// Stands in for Hangfire's client and recurring-job manager on one instance: an enqueued or scheduled
/// job becomes a scheduler action that resolves the job's class from this instance's services and awaits
/// its method; recurring jobs are collected and run by the simulation on their cron. A job that throws
/// is retried as its AutomaticRetry attribute says (Hangfire's default: 10 attempts, growing delays), then
/// counted as a failed job, as Hangfire would keep it.
internal sealed class SimJobs(SimulationContext context, Func<IServiceProvider> services, string instance)
    : IBackgroundJobClient, IRecurringJobManager
{
    private long _ids;

    public string Create(Job job, IState state)
    {
        var delay = state is ScheduledState scheduled
            ? scheduled.EnqueueAt - context.Clock.GetUtcNow().UtcDateTime
            : TimeSpan.Zero;
        Schedule(job, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, 0);
        return $"{instance}-{Interlocked.Increment(ref _ids)}";
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => false;

    public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) =>
        context.Recurring[recurringJobId] = (job, cronExpression);

    public void Trigger(string recurringJobId) => throw new NotSupportedException("not used by the gateway");

    public void RemoveIfExists(string recurringJobId) => context.Recurring.Remove(recurringJobId);

    /// Runs `job` on the instance whose services are given, now.
    public static async Task RunAsync(Job job, IServiceProvider provider, CancellationToken cancellationToken)
    {
        await using var scope = provider.CreateAsyncScope();
        var target = scope.ServiceProvider.GetRequiredService(job.Type);
        var args = job.Method.GetParameters()
            .Select((p, i) => p.ParameterType == typeof(CancellationToken) ? cancellationToken : job.Args[i])
            .ToArray();
        try
        {
            if (job.Method.Invoke(target, args) is Task task)
            {
                await task;
            }
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private static int Attempts(Job job) =>
        (job.Method.GetCustomAttribute<AutomaticRetryAttribute>()
            ?? job.Type.GetCustomAttribute<AutomaticRetryAttribute>())?.Attempts
        ?? AutomaticRetryAttribute.DefaultRetryAttempts;

    private void Schedule(Job job, TimeSpan delay, int attempt) =>
        context.Scheduler.After(delay, $"{instance} job {job.Type.Name}.{job.Method.Name}", async () =>
        {
            try
            {
                await RunAsync(job, services(), CancellationToken.None);
            }
            catch (Exception ex) when (attempt < Attempts(job))
            {
                context.Trace($"{instance} job {job.Type.Name} failed ({ex.GetType().Name}), retry {attempt + 1}");
                // Hangfire's AutomaticRetry: attempt^4 + 15 + up to 30 * (attempt + 1) seconds.
                var seconds = Math.Pow(attempt + 1, 4) + 15 + (context.Random.Next(30) * (attempt + 2));
                Schedule(job, TimeSpan.FromSeconds(seconds), attempt + 1);
            }
            catch (Exception ex)
            {
                context.Checker.OnFailedJob($"{instance} {job.Type.Name}", ex);
            }
        });
}
