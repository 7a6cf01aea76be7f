namespace InterviewGateway.Client.Models;

/// <summary>One attempt to deliver an event to a subscription.</summary>
/// <param name="Id">Attempt id.</param>
/// <param name="EventId">The event delivered.</param>
/// <param name="EventType">Its type.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="AttemptedAt">When it was sent.</param>
/// <param name="StatusCode">The subscriber's HTTP status, if it answered.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="ResponseBody">The start of the subscriber's answer.</param>
/// <param name="ErrorClass">What failed when there was no answer.</param>
/// <param name="Status">Pending, succeeded or failed.</param>
/// <param name="NextAttemptAt">When it is retried, if it is.</param>
public sealed record DeliveryAttempt(
    string Id, string EventId, string EventType, int Attempt, DateTimeOffset AttemptedAt, int? StatusCode,
    long DurationMs, string? ResponseBody, string? ErrorClass, DeliveryStatus Status, DateTimeOffset? NextAttemptAt);

/// <summary>A delivery attempt's outcome.</summary>
public enum DeliveryStatus
{
    /// <summary>Not finished, or waiting for a retry.</summary>
    Pending,

    /// <summary>The subscriber answered 2xx.</summary>
    Succeeded,

    /// <summary>Failed for good.</summary>
    Failed,
}

/// <summary>Filters of <c>ListDeliveriesAsync</c>.</summary>
/// <param name="Status">Only attempts with this outcome.</param>
/// <param name="EventId">Only attempts for this event.</param>
/// <param name="PageSize">Attempts per request, 1-100.</param>
public sealed record DeliveryQuery(DeliveryStatus? Status = null, string? EventId = null, int? PageSize = null);

/// <summary>The body of <c>RecoverSubscriptionAsync</c>.</summary>
/// <param name="Since">Redeliver failed events since then (at most 30 days ago), as RFC 3339.</param>
public sealed record RecoverSubscriptionRequest(string Since);


/// <summary>The body of <c>TestSubscriptionAsync</c>.</summary>
/// <param name="EventType">The sample event's type (server default interview.completed).</param>
public sealed record TestSubscriptionRequest(string? EventType = null);

/// <summary>A subscription's new signing secret.</summary>
/// <param name="Secret">The new current secret.</param>
/// <param name="PreviousExpiresAt">Until when the previous secret also signs.</param>
public sealed record RotatedSecret(string Secret, DateTimeOffset? PreviousExpiresAt)
{
    /// <summary>Keeps the secret out of logs that print the record.</summary>
    /// <returns>The record without its secret.</returns>
    public override string ToString() => $"RotatedSecret {{ PreviousExpiresAt = {PreviousExpiresAt} }}";
}

/// <summary>The secrets that sign a subscription's deliveries now.</summary>
/// <param name="Secrets">Current secret first, then any previous one still signing.</param>
public sealed record SubscriptionSecrets(IReadOnlyList<SubscriptionSecret> Secrets);

/// <summary>One signing secret.</summary>
/// <param name="Secret">The <c>whsec_</c> secret.</param>
/// <param name="ExpiresAt">When it stops signing; null for the current one.</param>
public sealed record SubscriptionSecret(string Secret, DateTimeOffset? ExpiresAt)
{
    /// <summary>Keeps the secret out of logs that print the record.</summary>
    /// <returns>The record without its secret.</returns>
    public override string ToString() => $"SubscriptionSecret {{ ExpiresAt = {ExpiresAt} }}";
}
