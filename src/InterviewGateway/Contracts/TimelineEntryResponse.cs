using System.ComponentModel;

namespace InterviewGateway.Contracts;

/// One thing the gateway did for an interview; which fields are set depends on `kind`.
internal sealed record TimelineEntryResponse(
    [property: Description("created, tracked, vendor_call, inbound_webhook, stored_change, event, delivery_attempt")]
        TimelineEntryKind Kind,
    DateTimeOffset At,
    [property: Description("W3C trace id of the work that produced the entry")] string? TraceId,
    [property: Description("created/tracked: the API key name (null when a webhook or reconciliation found it)")]
        string? ApiKey,
    [property: Description("vendor_call: interactive, webhook, reconcile or poll; tracked: what found it")]
        string? Purpose,
    [property: Description("vendor_call, delivery_attempt: the HTTP status (null: no answer)")] int? StatusCode,
    [property: Description("vendor_call, delivery_attempt: how long the request took")] long? DurationMs,
    [property: Description("vendor_call: how long it waited for the vendor budget")] long? BudgetWaitMs,
    [property: Description("inbound_webhook: accepted, duplicate or rejected")] string? Outcome,
    [property: Description("inbound_webhook: the log entry id")] string? WebhookId,
    [property: Description("stored_change: the status before")] InterviewStatus? FromStatus,
    [property: Description("stored_change: the status after")] InterviewStatus? ToStatus,
    [property: Description("stored_change: the interview version stored")] long? Version,
    [property: Description("event, delivery_attempt: the event id")] string? EventId,
    [property: Description("event: its type")] string? EventType,
    [property: Description("event: its sequence")] long? Sequence,
    [property: Description("delivery_attempt: the subscription")] string? SubscriptionId,
    [property: Description("delivery_attempt: its number")] int? Attempt,
    [property: Description("delivery_attempt: when it is tried again (null: not again)")]
        DateTimeOffset? NextAttemptAt);
