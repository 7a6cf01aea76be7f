using System.Threading.Channels;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Inbound;

/// Drains the inbound queue, as PollDispatcher drains the due queue: lease a batch of owed follow-ups,
/// re-read each interview, and complete it, or put it back with a backoff when the answer may change
/// (a vendor outage or pause, a store conflict, a storage error). Only answers that cannot change (the
/// vendor has no such interview, or refuses it) drop a follow-up. No Hangfire job per webhook.
internal sealed partial class FollowUpDispatcher(
    IFollowUpQueue queue,
    IServiceScopeFactory scopes,
    FollowUpSignal signal,
    IOptionsMonitor<InboundOptions> options,
    TimeProvider time,
    ILogger<FollowUpDispatcher> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly StorageOutage _outage = new(time);

    /// One step: at most one batch, all of it finished before it returns (the simulation steps this way).
    /// Returns how long the caller may sleep (unless woken) before the next.
    public async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        var concurrency = options.CurrentValue.Concurrency;
        var batch = concurrency * 4;
        var due = await queue.LeaseAsync(batch, Lease, cancellationToken);
        await Parallel.ForEachAsync(
            due, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (followUp, token) => await RunAsync(followUp, token));
        return due.Count == batch ? TimeSpan.Zero : options.CurrentValue.IdleInterval;
    }

    /// The running instance's loop, until `stoppingToken`: `Concurrency` workers take leased follow-ups
    /// one at a time from a buffer of `Concurrency`, and one filler leases the next batch while they work,
    /// so a slow follow-up holds up only its own worker (a batch step waits for its slowest). An
    /// accepted webhook wakes the filler at once; with nothing due it checks again every `IdleInterval`.
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var concurrency = options.CurrentValue.Concurrency;
        var ready = Channel.CreateBounded<PendingFollowUp>(concurrency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var followUp in ready.Reader.ReadAllAsync(CancellationToken.None))
            {
                await RunGuardedAsync(followUp, stoppingToken);
            }
        }, CancellationToken.None)).ToArray();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await FillAsync(ready.Writer, concurrency * 4, stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    await signal.WaitAsync(wait, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what was leased and not started comes back when its lease ends
        }
        finally
        {
            ready.Writer.Complete();
            await Task.WhenAll(workers);
        }
    }

    /// Leases up to `batch` and hands them to the workers as they free up; how long to wait before the next.
    private async Task<TimeSpan> FillAsync(ChannelWriter<PendingFollowUp> ready, int batch,
        CancellationToken stoppingToken)
    {
        IReadOnlyList<PendingFollowUp> due;
        try
        {
            due = await queue.LeaseAsync(batch, Lease, stoppingToken);
            _outage.Succeeded();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Redis down or a bug: say so, back off a little, keep the loop alive.
            Report(ex);
            return TimeSpan.FromSeconds(1);
        }

        foreach (var followUp in due)
        {
            await ready.WriteAsync(followUp, stoppingToken);
        }

        return due.Count == batch ? TimeSpan.Zero : options.CurrentValue.IdleInterval;
    }

    private async Task RunGuardedAsync(PendingFollowUp followUp, CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(followUp, stoppingToken);
            _outage.Succeeded();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Not even the outcome could be recorded (Redis down): the lease brings it back.
            Report(ex);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// Follows up one leased item and records the outcome in the queue.
    public async Task<FollowUpOutcome> RunAsync(PendingFollowUp followUp, CancellationToken cancellationToken)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Vendor"] = followUp.Vendor, ["VendorInterviewId"] = followUp.VendorInterviewId,
        });
        // The follow-up continues the trace of the webhook that owed it (one trace per completion).
        using var activity = GatewayActivity.StartFrom("vendor_webhook.follow_up", followUp.TraceParent);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<InterviewFollowUp>().RunAsync(
                followUp.Vendor, followUp.VendorInterviewId, FollowUpReason.Webhook, cancellationToken);
            await queue.CompleteAsync(followUp, CancellationToken.None);
            return FollowUpOutcome.Done;
        }
        catch (ProblemException ex) when (IsFinal(ex.Status))
        {
            Log.Dropped(logger, followUp.Vendor, followUp.VendorInterviewId, ex.Status, ex.Title);
            await queue.CompleteAsync(followUp, CancellationToken.None);
            return FollowUpOutcome.Dropped;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failures = followUp.Failures + 1;
            var current = options.CurrentValue;
            if (failures >= current.MaxAttempts)
            {
                Log.GaveUp(logger, followUp.Vendor, followUp.VendorInterviewId, failures, Describe(ex));
                await queue.CompleteAsync(followUp, CancellationToken.None);
                return FollowUpOutcome.Dropped;
            }

            var delay = FollowUpBackoff.Delay(failures, current, (ex as ProblemException)?.RetryAfter);
            Log.Deferred(logger, followUp.Vendor, followUp.VendorInterviewId, Describe(ex), delay);
            await queue.RetryAsync(followUp, delay, CancellationToken.None);
            return FollowUpOutcome.Retried;
        }
    }

    /// Answers a retry cannot change: the vendor has no such interview (404), refuses it as invalid (400,
    /// 422). A 409 is our own store's contention and every 5xx is an outage: both pass.
    internal static bool IsFinal(int status) => status is 400 or 404 or 410 or 422;

    private static string Describe(Exception ex) =>
        ex is ProblemException problem ? $"{problem.Status} {problem.Title}" : ex.GetType().Name;

    private void Report(Exception exception)
    {
        var failure = _outage.Failed(exception);
        switch (failure.Kind)
        {
            case StepFailureKind.Unexpected:
                Log.StepFailed(logger, exception);
                break;
            case StepFailureKind.OutageStarted:
                Log.StorageUnavailable(logger, exception.GetType().Name, exception.GetBaseException().Message);
                break;
            case StepFailureKind.OutagePersists:
                Log.StorageStillUnavailable(logger, failure.For, exception);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6110, LogLevel.Error, "Inbound follow-up step failed")]
        public static partial void StepFailed(ILogger logger, Exception exception);

        [LoggerMessage(6111, LogLevel.Warning,
            "Inbound follow-ups paused: storage (Redis) unavailable ({Error}: {Message}); the leases bring them back")]
        public static partial void StorageUnavailable(ILogger logger, string error, string message);

        [LoggerMessage(6112, LogLevel.Error, "Inbound follow-ups: storage (Redis) still unavailable after {Duration}")]
        public static partial void StorageStillUnavailable(ILogger logger, TimeSpan duration, Exception exception);

        [LoggerMessage(6000, LogLevel.Information,
            "Webhook follow-up for {Vendor} interview {VendorInterviewId} deferred ({Reason}); again in {Delay}")]
        public static partial void Deferred(
            ILogger logger, string vendor, string vendorInterviewId, string reason, TimeSpan delay);

        [LoggerMessage(6001, LogLevel.Warning,
            "Webhook follow-up for {Vendor} interview {VendorInterviewId} dropped: vendor answered {Status} {Title}")]
        public static partial void Dropped(
            ILogger logger, string vendor, string vendorInterviewId, int status, string title);

        [LoggerMessage(6003, LogLevel.Warning,
            "Webhook follow-up for {Vendor} interview {VendorInterviewId} given up after {Failures} failures "
            + "({Reason}); reconciliation remains")]
        public static partial void GaveUp(
            ILogger logger, string vendor, string vendorInterviewId, int failures, string reason);
    }
}

internal enum FollowUpOutcome
{
    Done,
    Retried,
    Dropped,
}
