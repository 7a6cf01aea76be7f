using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using InterviewGateway.Delivery;

namespace InterviewGateway.Contracts;

internal sealed record CreateSubscriptionRequest(
    [property: Required, MaxLength(2000), Description("https URL that receives the webhooks")] string? Url,
    [property: Description("Event types to receive (default [\"interview.completed\"])")] List<string>? EventTypes,
    [property: Description("Only events of these vendors (default: all)")] List<string>? Vendors,
    [property: Description("thin (default): the interview; full: also the transcript")] PayloadMode? Payload,
    [property: MaxLength(500), Description("Free text for operators")] string? Description,
    [property: Range(1, 100), Description("Most requests in flight to this URL (default 10)")] int? MaxConcurrency);

internal sealed record UpdateSubscriptionRequest(
    [property: MaxLength(2000), Description("New URL")] string? Url,
    [property: Description("New event type filter")] List<string>? EventTypes,
    [property: Description("New vendor filter")] List<string>? Vendors,
    [property: Description("thin or full")] PayloadMode? Payload,
    [property: MaxLength(500), Description("Free text for operators")] string? Description,
    [property: Range(1, 100), Description("Most requests in flight")] int? MaxConcurrency,
    [property: Description("false disables; true re-enables")] bool? Enabled);

internal sealed record TestSubscriptionRequest(
    [property: Description("The sample event's type (default interview.completed)")] string? EventType);

internal sealed record SubscriptionResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string>? Vendors, PayloadMode Payload, string? Description,
    int MaxConcurrency, bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
        Description("Only in GET /v1/subscriptions/{id}: deliveries waiting for this subscription")]
    DeliveryBacklogResponse? Backlog = null);

/// What waits to be delivered to a subscription, read from the delivery queue.
internal sealed record DeliveryBacklogResponse(
    [property: Description("Attempts queued, not yet taken by an instance (retries count once due)")] long Queued,
    [property: Description("Attempts taken by an instance and not finished")] long InFlight,
    [property: Description("Seconds since the oldest queued attempt was due (0 when none waits)")] double LagSeconds);

/// Only the create response carries the secret; lists and reads never do.
internal sealed record CreatedSubscriptionResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string>? Vendors, PayloadMode Payload, string? Description,
    int MaxConcurrency, bool Enabled, DateTimeOffset CreatedAt, string Secret);

internal sealed record RecoverSubscriptionRequest(
    [property: Required, MaxLength(64), Description("RFC 3339 time: redeliver failed events since then (at most 30 days ago)")] string? Since);

internal sealed record RecoverSubscriptionResponse(
    [property: Description("How many events were queued for redelivery")] int Enqueued);

internal sealed record RotatedSecretResponse(
    [property: Description("The new current secret; sign-checks should accept it from now on")] string Secret,
    [property: Description("Until when the previous secret also signs deliveries")] DateTimeOffset? PreviousExpiresAt);

internal sealed record SubscriptionSecretResponse(
    [property: Description("A secret that signs deliveries now")] string Secret,
    [property: Description("When it stops signing; null for the current secret")] DateTimeOffset? ExpiresAt);

internal sealed record SubscriptionSecretsResponse(
    [property: Description("Current secret first, then any previous one still signing")] IReadOnlyList<SubscriptionSecretResponse> Secrets);

internal sealed record DeliveryAttemptResponse(
    string Id, string EventId, string EventType, int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, long DurationMs,
    string? ResponseBody, string? ErrorClass, DeliveryStatus Status, DateTimeOffset? NextAttemptAt);

internal static class SubscriptionMapping
{
    public static SubscriptionResponse ToResponse(this Subscription s) => new(
        s.Id, s.Url, s.EventTypes, s.Vendors, s.Payload, s.Description, s.MaxConcurrency, s.Enabled, s.DisabledReason, s.DisabledAt, s.CreatedAt, s.UpdatedAt);

    public static DeliveryAttemptResponse ToResponse(this DeliveryAttempt a) => new(
        a.Id, a.EventId, a.EventType, a.Attempt, a.AttemptedAt, a.StatusCode, a.DurationMs, a.ResponseBody, a.ErrorClass, a.Status, a.NextAttemptAt);
}
