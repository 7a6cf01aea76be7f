using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Polling;

/// The production poll: refresh the stored interview from its vendor through InterviewService, so a
/// poll and a webhook or a refresh merge and publish the same way.
internal sealed partial class InterviewPollTarget(
    IServiceScopeFactory scopes,
    IOptionsMonitor<PollingOptions> options,
    TimeProvider time,
    ILogger<InterviewPollTarget> logger) : IPollTarget
{
    public async Task<PollOutcome> PollAsync(
        VendorKey vendor, string interviewId, Func<DateTimeOffset, DateTimeOffset> nextCheck,
        CancellationToken cancellationToken)
    {
        using var logScope = logger.BeginScope(
            new Dictionary<string, object> { ["Vendor"] = vendor.Value, ["InterviewId"] = interviewId });
        await using var scope = scopes.CreateAsyncScope();
        var interviews = scope.ServiceProvider.GetRequiredService<InterviewService>();
        var interview = await scope.ServiceProvider.GetRequiredService<IInterviewStore>()
            .GetAsync(interviewId, cancellationToken);
        if (interview is null || interview.Status.IsTerminal() || interview.Tracking.State == TrackingState.Stopped)
        {
            return new PollOutcome(null);
        }

        if (time.GetUtcNow() - interview.TrackedSince > options.CurrentValue.MaxTrackingAge)
        {
            await interviews.UpdateAsync(
                interviewId,
                i => i with { Tracking = i.Tracking with { State = TrackingState.Stopped, NextCheckAt = null } }, null,
                cancellationToken);
            Log.TrackingExpired(logger, interviewId);
            return new PollOutcome(null);
        }

        // A poll that finds a completion is the root of its trace (its events' deliveries continue it).
        using var activity = GatewayActivity.Source.StartActivity("poll", System.Diagnostics.ActivityKind.Internal,
            parentContext: default);
        using (BudgetScope.Enter(BudgetPriority.Poll))
        {
            try
            {
                var updated = await interviews.RefreshAsync(
                    interview, DetectedBy.Poll, cancellationToken, nextCheck(interview.TrackedSince));
                return new PollOutcome(updated.Status.IsTerminal() ? null : interview.TrackedSince);
            }
            catch (ProblemException ex)
            {
                // Routine: the vendor is busy or briefly down. Poll again at the next slot, or after its pause.
                Log.PollFailed(logger, interviewId, ex.Status, ex.Title);
                return new PollOutcome(
                    interview.TrackedSince, ex.RetryAfter is { } wait ? time.GetUtcNow() + wait : null);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5000, LogLevel.Information, "Stopped tracking {InterviewId}: older than Polling:MaxTrackingAge")]
        public static partial void TrackingExpired(ILogger logger, string interviewId);

        [LoggerMessage(5001, LogLevel.Information, "Poll of {InterviewId} failed ({Status} {Title}); rescheduled")]
        public static partial void PollFailed(ILogger logger, string interviewId, int status, string title);
    }
}
