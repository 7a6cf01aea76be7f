namespace InterviewGateway.Contracts;

internal sealed record DeliveryAttemptResponse(
    string Id, string EventId, string EventType, int Attempt, DateTimeOffset AttemptedAt, int? StatusCode,
        long DurationMs,
    string? ResponseBody, string? ErrorClass, DeliveryStatus Status, DateTimeOffset? NextAttemptAt);
