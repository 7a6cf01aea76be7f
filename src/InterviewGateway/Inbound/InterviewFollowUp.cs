using InterviewGateway.Contracts;
using InterviewGateway.Interviews;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Inbound;

/// Brings one interview up to date after a webhook or reconciliation: the webhook is only a signal, so
/// the interview is read from the vendor (tracked if new) and merged through the same pipeline as a
/// poll, spending the budget of the priority the reason stands for. Scoped, like InterviewService.
internal sealed class InterviewFollowUp(InterviewService interviews, IInterviewStore store)
{
    public async Task RunAsync(
        string vendor, string vendorInterviewId, FollowUpReason reason, CancellationToken cancellationToken)
    {
        using var _ = BudgetScope.Enter(
            reason == FollowUpReason.Reconcile ? BudgetPriority.Reconcile : BudgetPriority.Webhook);
        var detectedBy = reason == FollowUpReason.Reconcile ? DetectedBy.Reconcile : DetectedBy.VendorWebhook;
        if (await store.GetAsync(Interview.MakeId(vendor, vendorInterviewId), cancellationToken) is { } tracked)
        {
            if (!tracked.Status.IsTerminal() || tracked.Analysis is null)
            {
                await interviews.RefreshAsync(tracked, detectedBy, cancellationToken);
            }

            return;
        }

        await interviews.TrackAsync(vendor, vendorInterviewId, new Dictionary<string, string>(), null,
            cancellationToken, detectedBy, untracked: true);
    }

    /// Whether the interview is tracked and already in a final status.
    public async Task<bool> IsFinishedAsync(string vendor, string vendorInterviewId, CancellationToken token) =>
        await store.GetAsync(Interview.MakeId(vendor, vendorInterviewId), token) is { } known
        && known.Status.IsTerminal();
}
