using InterviewGateway.Contracts;

namespace InterviewGateway.Inbound;

internal sealed record InboundWebhookQuery(int Limit, string? Cursor, string? Vendor, InboundWebhookOutcome? Outcome,
    DateTimeOffset? Since, DateTimeOffset? Until);

/// Every inbound vendor webhook request, kept `Retention:VendorWebhookLog` (7 days) and at most
/// `VendorWebhookLog:MaxEntries`, newest first. Ids sort by arrival; cursors are ids.
internal interface IInboundWebhookLog
{
    /// Stores the entry under a new id and the store's time, and returns it.
    Task<InboundWebhook> RecordAsync(InboundWebhook entry, CancellationToken cancellationToken);

    Task<InboundWebhook?> GetAsync(string id, CancellationToken cancellationToken);

    /// Newest first; a page may be short when filters skip many entries: follow `next_cursor` until null.
    Task<(IReadOnlyList<InboundWebhook> Items, string? NextCursor)> ListAsync(InboundWebhookQuery query,
        CancellationToken cancellationToken);
}
