namespace InterviewGateway.Vendors.Webhooks;

/// One accepted vendor webhook whose follow-up job is owed: which interview to re-read.
internal sealed record PendingFollowUp(string Vendor, string VendorInterviewId, long Lease);

/// Accepted vendor webhooks whose follow-up is owed. Accepting sets the dedupe mark and records the
/// follow-up in one step, so a crash can never leave a mark without its follow-up (the vendor's retry
/// would be answered as a duplicate and the signal lost); a pump turns them into Hangfire jobs off the
/// request path (Hangfire's client calls Redis synchronously, which starves the thread pool under load).
internal interface IWebhookFollowUps
{
    /// False when `dedupeKey` was seen within `dedupeWindow` (a duplicate; nothing is recorded).
    Task<bool> AcceptAsync(string dedupeKey, string record, TimeSpan dedupeWindow, string vendor,
        string vendorInterviewId,
        CancellationToken cancellationToken);

    /// Takes up to `max` owed follow-ups for `lease`: one another instance does not finish comes back then.
    Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease, CancellationToken cancellationToken);

    /// The follow-up's job is enqueued; kept if another webhook for the interview came in meanwhile.
    Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken);
}
