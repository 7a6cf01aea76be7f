namespace InterviewGateway.Inbound;

/// One owed follow-up, as leased: which interview to re-read, the lease that owns it, and how many
/// attempts at it failed before.
internal sealed record PendingFollowUp(string Vendor, string VendorInterviewId, long Lease, int Failures = 0);

/// The inbound queue: accepted vendor webhooks whose interview is owed a re-read. Accepting writes the
/// dedupe mark and the owed follow-up in one step, so a crash can never leave a mark without its
/// follow-up (the vendor's retry would be answered as a duplicate and the signal lost). Leasing moves an
/// item's due time forward, so a crashed instance's item comes back by itself and two instances never
/// work it at once; a failure puts it back after a backoff. Due times are the store's own clock
/// (Redis `TIME`), never an instance's.
internal interface IFollowUpQueue
{
    /// False when `dedupeKey` was seen within `dedupeWindow` (a duplicate; nothing is recorded).
    Task<bool> AcceptAsync(string dedupeKey, string record, TimeSpan dedupeWindow, string vendor,
        string vendorInterviewId, CancellationToken cancellationToken);

    /// Takes up to `max` due follow-ups for `lease`.
    Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease, CancellationToken cancellationToken);

    /// Done: forgotten, unless another webhook for the interview came in meanwhile.
    Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken);

    /// Failed: due again after `delay`, one more failure counted (unless a new webhook made it due now).
    Task RetryAsync(PendingFollowUp followUp, TimeSpan delay, CancellationToken cancellationToken);

    /// How many follow-ups are owed (due or leased).
    Task<long> CountAsync(CancellationToken cancellationToken);
}
