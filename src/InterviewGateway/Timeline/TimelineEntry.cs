using InterviewGateway.Contracts;

namespace InterviewGateway.Timeline;

/// A timeline entry as stored; `TimelineRecorder` fills the fields its kind uses.
internal sealed record TimelineEntry(TimelineEntryKind Kind, DateTimeOffset At, string? TraceId)
{
    public string? ApiKey { get; init; }
    public string? Purpose { get; init; }
    public int? StatusCode { get; init; }
    public long? DurationMs { get; init; }
    public long? BudgetWaitMs { get; init; }
    public string? Outcome { get; init; }
    public string? WebhookId { get; init; }
    public InterviewStatus? FromStatus { get; init; }
    public InterviewStatus? ToStatus { get; init; }
    public long? Version { get; init; }
    public string? EventId { get; init; }
    public string? EventType { get; init; }
    public long? Sequence { get; init; }
    public string? SubscriptionId { get; init; }
    public int? Attempt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }

    public TimelineEntryResponse ToResponse() => new(Kind, At, TraceId, ApiKey, Purpose, StatusCode, DurationMs,
        BudgetWaitMs, Outcome, WebhookId, FromStatus, ToStatus, Version, EventId, EventType, Sequence, SubscriptionId,
        Attempt, NextAttemptAt);
}
