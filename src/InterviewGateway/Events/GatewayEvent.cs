namespace InterviewGateway.Events;

/// A stored event: `Body` is the exact JSON pushed to subscribers and listed at GET /v1/events.
internal sealed record GatewayEvent(
    string Id, string Type, string InterviewId, string Vendor, DateTimeOffset Timestamp, long Sequence, string Body)
{
    /// When the gateway stored it (Timestamp is when the vendor completed it).
    public DateTimeOffset StoredAt { get; init; }

    /// The W3C context of the work that found it; its deliveries (retries included) continue that trace.
    public string? TraceParent { get; init; }
}
