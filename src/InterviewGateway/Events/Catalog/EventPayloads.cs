using System.ComponentModel;
using System.Text.Json.Serialization;
using InterviewGateway.Contracts;

namespace InterviewGateway.Events.Catalog;

// What subscribers receive (JsonPropertyOrder keeps the wire order: inherited members would otherwise
// come last). EventBodies builds every body from these records, and the OpenAPI `webhooks` section and
// GET /v1/event-types are generated from them, so what is sent and what is documented are one schema.

/// How the gateway noticed the change (create and track count as refresh).
internal enum EventDetection
{
    Poll,
    VendorWebhook,
    Reconcile,
    Refresh,
}

/// What every interview event's data holds.
internal abstract record InterviewEventDataBase(
    [property: Description("The interview after the change (never with vendor_data)")] InterviewResponse Interview,
    [property: Description("How the gateway noticed the change")] EventDetection DetectedBy)
{
    public const string SampleDescription = "true only on samples sent by POST /v1/subscriptions/{id}/test";
}

internal sealed record InterviewEventPayloadData(
    InterviewResponse Interview,
    EventDetection DetectedBy,
    [property: Description(InterviewEventDataBase.SampleDescription),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(1)] bool? Sample = null)
    : InterviewEventDataBase(Interview, DetectedBy);

internal sealed record InterviewEventFullPayloadData(
    InterviewResponse Interview,
    EventDetection DetectedBy,
    [property: Description("The transcript, when there is one and the body stays under 256 KB"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(1)]
    TranscriptResponse? Transcript = null,
    [property: Description("true when the transcript was left out to keep the body under 256 KB"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(1)]
    bool? TranscriptTruncated = null,
    [property: Description(InterviewEventDataBase.SampleDescription),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(1)] bool? Sample = null)
    : InterviewEventDataBase(Interview, DetectedBy);

internal sealed record SubscriptionEventPayloadData(
    [property: Description("The subscription (never with its secret)")] SubscriptionResponse Subscription,
    [property: Description(InterviewEventDataBase.SampleDescription),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyOrder(1)] bool? Sample = null);

/// The envelope every event shares: `{id, type, timestamp, schema_version, sequence, data}`.
internal abstract record EventEnvelope(
    [property: Description("The event id; equals the webhook-id header on every attempt")] string Id,
    [property: Description("The event type")] string Type,
    [property: Description("When it happened (interview events: at the vendor; for interview.completed, the "
        + "completion time)")]
    DateTimeOffset Timestamp,
    [property: Description("The payload's schema version")] string SchemaVersion,
    [property: Description("Interview events: strictly increases per interview, forever (also after DELETE and "
        + "tracking again), with gaps; drop one whose sequence is not above the last seen. Subscription events: "
        + "always 1")]
    long Sequence);

/// An interview event as a `thin` subscription receives it.
internal sealed record InterviewEventPayload(
    string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence,
    [property: JsonPropertyOrder(1)] InterviewEventPayloadData Data)
    : EventEnvelope(Id, Type, Timestamp, SchemaVersion, Sequence);

/// An interview event as a `full` subscription receives it: with the transcript when there is one.
internal sealed record InterviewEventFullPayload(
    string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence,
    [property: JsonPropertyOrder(1)] InterviewEventFullPayloadData Data)
    : EventEnvelope(Id, Type, Timestamp, SchemaVersion, Sequence);

/// An operational event about a subscription; the same for thin and full subscriptions.
internal sealed record SubscriptionEventPayload(
    string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence,
    [property: JsonPropertyOrder(1)] SubscriptionEventPayloadData Data)
    : EventEnvelope(Id, Type, Timestamp, SchemaVersion, Sequence);
