namespace InterviewGateway.Vendors.Webhooks;

/// The participants of tracked interviews, for a reconciler whose vendor lists interviews per participant
/// only. Declared here and implemented in Interviews (which depends on Vendors).
internal interface ITrackedParticipants
{
    /// The participants of tracked, unfinished interviews of `vendor`, newest interview first; reads at
    /// most about `maxScanned` tracked interviews.
    IAsyncEnumerable<Participant> UnfinishedParticipantsAsync(
        string vendor, int maxScanned, CancellationToken cancellationToken);
}
