using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace InterviewGateway.Infrastructure.Hangfire;

/// Hangfire keeps failed jobs forever (only final states expire), and Redis runs with `noeviction`
/// (issue 17). A job that failed for good (after its own AutomaticRetry: this filter runs last) is moved
/// to Deleted with its exception in the reason, so the dashboard still shows why, and expires after `Expiry`.
/// Expiring the Failed state itself does not work: Hangfire persists a non-final state's job after filters.
internal sealed class FailedJobExpiry : JobFilterAttribute, IElectStateFilter, IApplyStateFilter
{
    public static readonly TimeSpan Expiry = TimeSpan.FromDays(7);

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState failed)
        {
            // The failure as Failed would have stored it (no more: the message, as Hangfire keeps it).
            context.CandidateState = new DeletedState
            {
                Reason = $"Failed: {failed.Exception.GetType().FullName}: {failed.Exception.Message}",
            };
        }
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is DeletedState)
        {
            context.JobExpirationTimeout = Expiry;
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
