namespace InterviewGateway.Events;

internal sealed record EventQuery(int Limit, string? Cursor, string? Type, string? InterviewId);

/// Events, kept `Retention:Events` (30 days). An event is appended together with the interview change
/// that implies it (the interview store's commit) and, at the same time, put in the outbox; fan-out
/// relays it from there and acknowledges it, so a crash between commit and fan-out loses nothing.
/// Appends are first-writer-wins on the derived id: one fact is one event however often it is found.
internal interface IEventStore
{
    /// The contract's retention; `Retention:Events` may change what the stores keep.
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// Appends one event (and its outbox entry) unless its id is stored; false when it was.
    Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken);

    Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken);

    /// Newest recorded first, over the whole retention; the cursor is opaque (a page may be short when
    /// a filter skips many events: follow `next_cursor` until it is null).
    Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// Every retained event recorded at or after `since`, oldest recorded first, read page by page.
    IAsyncEnumerable<GatewayEvent> ReadRecordedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// Outbox entries recorded before `recordedBefore`, oldest first (expired events are dropped).
    Task<IReadOnlyList<GatewayEvent>> ReadOutboxAsync(DateTimeOffset recordedBefore, int limit,
        CancellationToken cancellationToken);

    /// The events were fanned out: take them out of the outbox.
    Task AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);
}
