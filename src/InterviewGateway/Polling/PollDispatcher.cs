using InterviewGateway.Api.Errors;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Polling;

internal sealed record PollPlan(long[] Tracked, TimeSpan[] Wanted, TimeSpan[] Effective);

/// Drains a vendor's due queue as its budget allows: spend one background token, lease the most
/// overdue interview, refresh it from the vendor, and schedule its next poll by the plan.
internal sealed partial class PollDispatcher(
    IPollQueue queue,
    IVendorBudget budget,
    VendorCatalog catalog,
    IServiceScopeFactory scopes,
    IOptionsMonitor<PollingOptions> options,
    TimeProvider time,
    ILogger<PollDispatcher> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    /// Polling keeps a tenth of the sustainable rate free for callers' own requests.
    private const double PollingShare = 0.9;

    /// One step: at most one poll. Returns how long the caller may sleep before the next step.
    public async Task<TimeSpan> StepAsync(VendorKey vendor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nextDue = await queue.NextDueAsync(vendor.Value, cancellationToken);
        if (nextDue is null || nextDue > now)
        {
            return nextDue is { } due && due - now < Idle ? due - now : Idle;
        }

        var token = await budget.TryAcquireAsync(vendor, BudgetPriority.Background, cancellationToken);
        if (!token.Taken)
        {
            return token.Wait < Idle ? token.Wait : Idle;
        }

        var leased = await queue.LeaseDueAsync(vendor.Value, now, 1, Lease, cancellationToken);
        if (leased.Count == 1)
        {
            await PollAsync(vendor, leased[0], cancellationToken);
        }

        return TimeSpan.Zero;
    }

    public async Task<PollPlan> PlanAsync(VendorKey vendor, CancellationToken cancellationToken)
    {
        var cadence = options.CurrentValue.EffectiveCadence;
        var counts = await queue.CountByAgeAsync(vendor.Value, time.GetUtcNow(), PollPlanner.TierAges, cancellationToken);
        var rate = BudgetWindow.For(catalog.Options(vendor)).Select(w => w.SustainedPerMinute).DefaultIfEmpty(double.PositiveInfinity).Min() * PollingShare;
        return new PollPlan(counts, [.. cadence], PollPlanner.Intervals(counts, cadence, rate));
    }

    private async Task PollAsync(VendorKey vendor, string interviewId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var interviews = scope.ServiceProvider.GetRequiredService<InterviewService>();
        var interview = await scope.ServiceProvider.GetRequiredService<IInterviewStore>().GetAsync(interviewId, cancellationToken);
        var now = time.GetUtcNow();
        if (interview is null || interview.Status.IsTerminal() || interview.Tracking.State == TrackingState.Stopped)
        {
            await queue.RemoveAsync(vendor.Value, interviewId, cancellationToken);
            return;
        }

        if (now - interview.TrackedSince > options.CurrentValue.MaxTrackingAge)
        {
            await interviews.UpdateAsync(interviewId, i => i with { Tracking = i.Tracking with { State = TrackingState.Stopped, NextCheckAt = null } }, null, cancellationToken);
            await queue.RemoveAsync(vendor.Value, interviewId, cancellationToken);
            Log.TrackingExpired(logger, interviewId);
            return;
        }

        var plan = await PlanAsync(vendor, cancellationToken);
        var nextCheck = now + plan.Effective[PollPlanner.Tier(now - interview.TrackedSince)];
        using (BudgetScope.Background())
        {
            BudgetScope.MarkPrepaid();
            try
            {
                var updated = await interviews.RefreshAsync(interview, DetectedBy.Poll, cancellationToken, nextCheck);
                if (updated.Status.IsTerminal())
                {
                    await queue.RemoveAsync(vendor.Value, interviewId, cancellationToken);
                    return;
                }
            }
            catch (ApiProblemException ex)
            {
                // Routine: the vendor is busy or briefly down. Try again at the next slot (or after its pause).
                Log.PollFailed(logger, interviewId, ex.Status, ex.Title);
                if (ex.RetryAfter is { } retryAfter && now + retryAfter > nextCheck)
                {
                    nextCheck = now + retryAfter;
                }
            }
        }

        await queue.ScheduleAsync(vendor.Value, interviewId, nextCheck, interview.TrackedSince, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(5000, LogLevel.Information, "Stopped tracking {InterviewId}: older than Polling:MaxTrackingAge")]
        public static partial void TrackingExpired(ILogger logger, string interviewId);

        [LoggerMessage(5001, LogLevel.Information, "Poll of {InterviewId} failed ({Status} {Title}); rescheduled")]
        public static partial void PollFailed(ILogger logger, string interviewId, int status, string title);
    }
}
