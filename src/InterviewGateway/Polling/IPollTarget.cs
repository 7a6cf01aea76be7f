using InterviewGateway.Vendors;

namespace InterviewGateway.Polling;

/// Polls one interview at its vendor; `nextCheck` maps its tracking start to its next due time.
internal interface IPollTarget
{
    Task<PollOutcome> PollAsync(
        VendorKey vendor, string interviewId, Func<DateTimeOffset, DateTimeOffset> nextCheck,
        CancellationToken cancellationToken);
}
