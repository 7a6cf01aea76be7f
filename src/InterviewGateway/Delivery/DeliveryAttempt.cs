using InterviewGateway.Contracts;

namespace InterviewGateway.Delivery;

/// One HTTP attempt, as listed at GET /v1/subscriptions/{id}/deliveries.
internal sealed record DeliveryAttempt(
    string Id,
    string EventId,
    string EventType,
    int Attempt,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    long DurationMs,
    string? ResponseBody,
    string? ErrorClass,
    DeliveryStatus Status,
    DateTimeOffset? NextAttemptAt);
