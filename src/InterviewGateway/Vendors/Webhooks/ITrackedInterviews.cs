namespace InterviewGateway.Vendors.Webhooks;

/// The tracked interviews, as the webhook follow-up and reconciliation need them. Declared here and
/// implemented in Interviews (which depends on Vendors), so vendor code never names the interview model.
internal interface ITrackedInterviews
{
    /// Refreshes the interview from the vendor if it is tracked and not final (or still lacks its
    /// analysis), else starts tracking it. A vendor refusal surfaces as a `ProblemException`.
    Task FollowUpAsync(
        string vendor, string vendorInterviewId, FollowUpReason reason, CancellationToken cancellationToken);

    /// Whether the interview is tracked and already in a final status.
    Task<bool> IsFinishedAsync(string vendor, string vendorInterviewId, CancellationToken cancellationToken);

    /// The participants of tracked, unfinished interviews of `vendor`, newest interview first; reads at
    /// most about `maxScanned` tracked interviews.
    IAsyncEnumerable<Participant> UnfinishedParticipantsAsync(
        string vendor, int maxScanned, CancellationToken cancellationToken);
}
