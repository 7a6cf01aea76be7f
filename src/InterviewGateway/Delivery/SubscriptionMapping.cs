using InterviewGateway.Contracts;

namespace InterviewGateway.Delivery;

/// Subscriptions and attempt records as the API shows them (never a secret).
internal static class SubscriptionMapping
{
    public static SubscriptionResponse ToResponse(this Subscription s) => new(
        s.Id, s.Url, s.EventTypes, s.Vendors, s.Payload, s.Description, s.MaxConcurrency, s.Enabled,
        s.DisabledReason, s.DisabledAt, s.CreatedAt, s.UpdatedAt);

    public static DeliveryAttemptResponse ToResponse(this DeliveryAttempt a) => new(
        a.Id, a.EventId, a.EventType, a.Attempt, a.AttemptedAt, a.StatusCode, a.DurationMs, a.ResponseBody,
        a.ErrorClass, a.Status, a.NextAttemptAt);
}
