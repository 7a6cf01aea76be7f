using InterviewGateway.Contracts;
using InterviewGateway.Interviews;
using InterviewGateway.Timeline;

namespace InterviewGateway.Inbound;

/// One owed follow-up, as leased: which interview to re-read, the lease that owns it, how many attempts
/// at it failed before, and the trace context of the webhook that owed it (the follow-up continues it).
internal sealed record PendingFollowUp(string Vendor, string VendorInterviewId, long Lease, int Failures = 0,
    string? TraceParent = null);

/// An accepted delivery: its dedupe mark (`Record` kept under `DedupeKey` for `DedupeWindow`), the
/// interview it owes a follow-up, the trace the follow-up continues, and, when given, its inbound log entry
/// and its interview's timeline entry, written in the same step as accepted or duplicate (the store fills
/// in the outcome and the log entry's id).
internal sealed record FollowUpAccept(
    string DedupeKey, string Record, TimeSpan DedupeWindow, string Vendor, string VendorInterviewId)
{
    public string? TraceParent { get; init; }

    public InboundWebhook? LogEntry { get; init; }

    public TimelineEntry? TimelineEntry { get; init; }

    public string InterviewId => Interview.MakeId(Vendor, VendorInterviewId);

    public static InboundWebhookOutcome Outcome(bool accepted) =>
        accepted ? InboundWebhookOutcome.Accepted : InboundWebhookOutcome.Duplicate;

    /// The timeline entry as stored, once the log entry's id is known.
    public TimelineEntry? TimelineFor(bool accepted, string webhookId) =>
        TimelineEntry is { } entry
            ? entry with { WebhookId = webhookId, Outcome = Outcome(accepted).ToString().ToLowerInvariant() }
            : null;
}

/// The inbound queue: accepted vendor webhooks whose interview is owed a re-read. Accepting writes the
/// dedupe mark and the owed follow-up in one step (with its log and timeline entries), so a crash can
/// never leave a mark without its follow-up (the vendor's retry would be answered as a duplicate and the
/// signal lost). Leasing moves an item's due time forward, so a crashed instance's item comes back by
/// itself and two instances never work it at once; a failure puts it back after a backoff. Due times are
/// the store's own clock (Redis `TIME`), never an instance's.
internal interface IFollowUpQueue
{
    /// False when the mark was seen within its window (a duplicate; no follow-up is owed, the log and
    /// timeline entries are still written, as a duplicate).
    Task<bool> AcceptAsync(FollowUpAccept accept, CancellationToken cancellationToken);

    /// Takes up to `max` due follow-ups for `lease`.
    Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease, CancellationToken cancellationToken);

    /// Done: forgotten, unless another webhook for the interview came in meanwhile.
    Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken);

    /// Failed: due again after `delay`, one more failure counted (unless a new webhook made it due now).
    Task RetryAsync(PendingFollowUp followUp, TimeSpan delay, CancellationToken cancellationToken);

    /// How many follow-ups are owed (due or leased).
    Task<long> CountAsync(CancellationToken cancellationToken);
}
