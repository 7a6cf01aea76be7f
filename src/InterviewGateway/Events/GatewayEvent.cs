using System.Text.Json.Serialization;

namespace InterviewGateway.Events;

/// A stored event: `Body` is the exact JSON pushed to subscribers and listed at GET /v1/events
/// (Catalog/EventBodies builds both).
internal sealed record GatewayEvent(
    string Id, string Type, string InterviewId, string Vendor, DateTimeOffset Timestamp, long Sequence, string Body)
{
    /// InterviewId and Vendor of an operational event (about a subscription, not an interview).
    public const string NoInterview = "";

    /// When the gateway stored it (Timestamp is when the vendor completed it).
    public DateTimeOffset StoredAt { get; init; }

    /// The W3C context of the work that found it; its deliveries (retries included) continue that trace.
    public string? TraceParent { get; init; }

    [JsonIgnore]
    public bool IsOperational => InterviewId == NoInterview;
}
