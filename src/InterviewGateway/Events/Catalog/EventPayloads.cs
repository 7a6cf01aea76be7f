using System.ComponentModel;
using System.Text.Json.Serialization;
using InterviewGateway.Api.Contracts;

namespace InterviewGateway.Events.Catalog;

// The documented shapes of what subscribers receive. They describe the bodies EventPublisher, DeliveryService
// and SubscriptionService build (a test validates real deliveries against them); the OpenAPI `webhooks`
// section and GET /v1/event-types are generated from these records, so both show one schema.

/// How the gateway noticed the change (create and track count as refresh).
internal enum EventDetection
{
    Poll,
    VendorWebhook,
    Reconcile,
    Refresh,
}

internal sealed record InterviewEventPayloadData(
    [property: Description("The interview after the change (never with vendor_data)")] InterviewResponse Interview,
    [property: Description("How the gateway noticed the change")] EventDetection DetectedBy,
    [property: Description("true only on samples sent by POST /v1/subscriptions/{id}/test"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Sample = null);

internal sealed record InterviewEventFullPayloadData(
    [property: Description("The interview after the change (never with vendor_data)")] InterviewResponse Interview,
    [property: Description("How the gateway noticed the change")] EventDetection DetectedBy,
    [property: Description("The transcript, when there is one and the body stays under 256 KB"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TranscriptResponse? Transcript = null,
    [property: Description("true when the transcript was left out to keep the body under 256 KB"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TranscriptTruncated = null,
    [property: Description("true only on samples sent by POST /v1/subscriptions/{id}/test"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Sample = null);

internal sealed record SubscriptionEventPayloadData(
    [property: Description("The subscription (never with its secret)")] SubscriptionResponse Subscription,
    [property: Description("true only on samples sent by POST /v1/subscriptions/{id}/test"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Sample = null);

/// An interview event as a `thin` subscription receives it.
internal sealed record InterviewEventPayload(
    [property: Description("The event id; equals the webhook-id header on every attempt")] string Id,
    [property: Description("The event type")] string Type,
    [property: Description("When it happened at the vendor (completion time for interview.completed)")]
    DateTimeOffset Timestamp,
    [property: Description("The payload's schema version")] string SchemaVersion,
    [property: Description("Increases per interview: drop an event whose sequence is not above the last seen")]
    long Sequence,
    InterviewEventPayloadData Data);

/// An interview event as a `full` subscription receives it: with the transcript when there is one.
internal sealed record InterviewEventFullPayload(
    [property: Description("The event id; equals the webhook-id header on every attempt")] string Id,
    [property: Description("The event type")] string Type,
    [property: Description("When it happened at the vendor (completion time for interview.completed)")]
    DateTimeOffset Timestamp,
    [property: Description("The payload's schema version")] string SchemaVersion,
    [property: Description("Increases per interview: drop an event whose sequence is not above the last seen")]
    long Sequence,
    InterviewEventFullPayloadData Data);

/// An operational event about a subscription; the same for thin and full subscriptions.
internal sealed record SubscriptionEventPayload(
    [property: Description("The event id; equals the webhook-id header on every attempt")] string Id,
    [property: Description("The event type")] string Type,
    [property: Description("When it happened")] DateTimeOffset Timestamp,
    [property: Description("The payload's schema version")] string SchemaVersion,
    [property: Description("Always 1: subscription events are not ordered")] long Sequence,
    SubscriptionEventPayloadData Data);
