using InterviewGateway.Contracts;
using System.Runtime.CompilerServices;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Webhooks;

namespace InterviewGateway.Interviews;

/// The interview side of `ITrackedParticipants` (a reconciler's candidate list).
internal sealed class TrackedParticipants(IInterviewStore store) : ITrackedParticipants
{
    private const int PageSize = 200;

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
