namespace InterviewGateway.Client.Models;

/// <summary>A webhook subscription (never with its secret).</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Url">The URL that receives deliveries.</param>
/// <param name="EventTypes">The event types it receives.</param>
/// <param name="Vendors">Only events of these vendors; null for all.</param>
/// <param name="Payload">Thin or full bodies.</param>
/// <param name="Description">Free text for operators.</param>
/// <param name="MaxConcurrency">Most requests in flight to the URL.</param>
/// <param name="Enabled">False once disabled.</param>
/// <param name="DisabledReason">Why it was disabled.</param>
/// <param name="DisabledAt">When it was disabled.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Backlog">Only from <c>GetSubscriptionAsync</c>: deliveries waiting for it.</param>
public sealed record Subscription(
    string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string>? Vendors, PayloadMode Payload,
    string? Description, int MaxConcurrency, bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DeliveryBacklog? Backlog = null);

/// <summary>A new subscription, with the signing secret it shows this once.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Url">The URL that receives deliveries.</param>
/// <param name="EventTypes">The event types it receives.</param>
/// <param name="Vendors">Only events of these vendors; null for all.</param>
/// <param name="Payload">Thin or full bodies.</param>
/// <param name="Description">Free text for operators.</param>
/// <param name="MaxConcurrency">Most requests in flight to the URL.</param>
/// <param name="Enabled">True.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Secret">The <c>whsec_</c> signing secret: keep it, it is not shown again.</param>
public sealed record CreatedSubscription(
    string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string>? Vendors, PayloadMode Payload,
    string? Description, int MaxConcurrency, bool Enabled, DateTimeOffset CreatedAt, string Secret)
{
    /// <summary>Keeps the secret out of logs that print the record.</summary>
    /// <returns>The record without its secret.</returns>
    public override string ToString() => $"CreatedSubscription {{ Id = {Id}, Url = {Url} }}";
}

/// <summary>What a subscription receives.</summary>
public enum PayloadMode
{
    /// <summary>The interview.</summary>
    Thin,

    /// <summary>The interview and its transcript.</summary>
    Full,
}

/// <summary>The body of <c>CreateSubscriptionAsync</c>.</summary>
/// <param name="Url">The https URL that receives the webhooks.</param>
/// <param name="EventTypes">Event types to receive (server default: interview.completed).</param>
/// <param name="Vendors">Only events of these vendors (default: all).</param>
/// <param name="Payload">Thin (default) or full.</param>
/// <param name="Description">Free text for operators.</param>
/// <param name="MaxConcurrency">Most requests in flight to the URL, 1-100 (default 10).</param>
public sealed record CreateSubscriptionRequest(
    string Url, IReadOnlyList<string>? EventTypes = null, IReadOnlyList<string>? Vendors = null,
    PayloadMode? Payload = null, string? Description = null, int? MaxConcurrency = null);

/// <summary>The body of <c>UpdateSubscriptionAsync</c>: only the members you set change.</summary>
/// <param name="Url">New URL.</param>
/// <param name="EventTypes">New event type filter.</param>
/// <param name="Vendors">New vendor filter.</param>
/// <param name="Payload">Thin or full.</param>
/// <param name="Description">Free text for operators.</param>
/// <param name="MaxConcurrency">Most requests in flight.</param>
/// <param name="Enabled">False disables; true re-enables.</param>
public sealed record UpdateSubscriptionRequest(
    string? Url = null, IReadOnlyList<string>? EventTypes = null, IReadOnlyList<string>? Vendors = null,
    PayloadMode? Payload = null, string? Description = null, int? MaxConcurrency = null, bool? Enabled = null);

/// <summary>What waits to be delivered to a subscription.</summary>
/// <param name="Queued">Attempts queued, not yet taken by an instance.</param>
/// <param name="InFlight">Attempts taken and not finished.</param>
/// <param name="LagSeconds">Seconds since the oldest queued attempt was due.</param>
public sealed record DeliveryBacklog(long Queued, long InFlight, double LagSeconds);
