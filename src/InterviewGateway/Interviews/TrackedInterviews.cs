using System.Runtime.CompilerServices;
using InterviewGateway.Contracts;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Interviews;

/// The interview side of the vendor webhook follow-up and reconciliation (see `ITrackedInterviews`).
internal sealed class TrackedInterviews(InterviewService interviews, IInterviewStore store) : ITrackedInterviews
{
    private const int PageSize = 200;

    public async Task FollowUpAsync(
        string vendor, string vendorInterviewId, FollowUpReason reason, CancellationToken cancellationToken)
    {
        var detectedBy = reason == FollowUpReason.Reconcile ? DetectedBy.Reconcile : DetectedBy.VendorWebhook;
        if (await store.GetAsync(Interview.MakeId(vendor, vendorInterviewId), cancellationToken) is { } tracked)
        {
            if (!tracked.Status.IsTerminal() || tracked.Analysis is null)
            {
                await interviews.RefreshAsync(tracked, detectedBy, cancellationToken);
            }

            return;
        }

        await interviews.TrackAsync(
            vendor, vendorInterviewId, new Dictionary<string, string>(), null, cancellationToken, detectedBy);
    }

    public async Task<bool> IsFinishedAsync(
        string vendor, string vendorInterviewId, CancellationToken cancellationToken) =>
        await store.GetAsync(Interview.MakeId(vendor, vendorInterviewId), cancellationToken) is { } known
        && known.Status.IsTerminal();

    public async IAsyncEnumerable<Participant> UnfinishedParticipantsAsync(
        string vendor, int maxScanned, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        var scanned = 0;
        do
        {
            var page = await store.ListAsync(
                new InterviewQuery(PageSize, cursor, vendor, null, null), cancellationToken);
            scanned += page.Items.Count;
            foreach (var interview in page.Items.Where(i => !i.Status.IsTerminal()))
            {
                yield return interview.Participant;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null && scanned < maxScanned);
    }
}
