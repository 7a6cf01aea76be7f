namespace InterviewGateway.Client.Models;

/// <summary>
/// One thing that happened to an interview, oldest first: its creation or tracking, a vendor call, an inbound
/// webhook, a stored change, an event, a delivery attempt. Members that do not apply to the kind are null.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="At">When.</param>
/// <param name="TraceId">W3C trace id of the work that produced the entry.</param>
/// <param name="ApiKey">Created/tracked: the API key's name (null when a webhook or reconciliation found it).</param>
/// <param name="Purpose">Vendor call: interactive, webhook, reconcile or poll; tracked: what found it.</param>
/// <param name="StatusCode">Vendor call, delivery attempt: the HTTP status (null: no answer).</param>
/// <param name="DurationMs">Vendor call, delivery attempt: how long the request took.</param>
/// <param name="BudgetWaitMs">Vendor call: how long it waited for the vendor budget.</param>
/// <param name="Outcome">Inbound webhook: accepted, duplicate or rejected.</param>
/// <param name="WebhookId">Inbound webhook: the vendor webhook log entry id.</param>
/// <param name="FromStatus">Stored change: the status before.</param>
/// <param name="ToStatus">Stored change: the status after.</param>
/// <param name="Version">Stored change: the interview version stored.</param>
/// <param name="EventId">Event, delivery attempt: the event id.</param>
/// <param name="EventType">Event: its type.</param>
/// <param name="Sequence">Event: its sequence.</param>
/// <param name="SubscriptionId">Delivery attempt: the subscription.</param>
/// <param name="Attempt">Delivery attempt: its number.</param>
/// <param name="NextAttemptAt">Delivery attempt: when the next attempt is due, if any.</param>
public sealed record TimelineEntry(
    TimelineEntryKind Kind, DateTimeOffset At, string? TraceId, string? ApiKey, string? Purpose, int? StatusCode,
    long? DurationMs, long? BudgetWaitMs, string? Outcome, string? WebhookId, InterviewStatus? FromStatus,
    InterviewStatus? ToStatus, long? Version, string? EventId, string? EventType, long? Sequence,
    string? SubscriptionId, int? Attempt, DateTimeOffset? NextAttemptAt);

/// <summary>What a <see cref="TimelineEntry"/> records.</summary>
public enum TimelineEntryKind
{
    /// <summary>Created through the gateway.</summary>
    Created,

    /// <summary>Tracked: by a caller, a webhook or reconciliation.</summary>
    Tracked,

    /// <summary>A request to the vendor.</summary>
    VendorCall,

    /// <summary>A webhook from the vendor.</summary>
    InboundWebhook,

    /// <summary>A change stored (status, version).</summary>
    StoredChange,

    /// <summary>An event recorded for subscribers.</summary>
    Event,

    /// <summary>One delivery of an event to a subscription.</summary>
    DeliveryAttempt,
}
