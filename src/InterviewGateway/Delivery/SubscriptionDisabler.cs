using System.Globalization;
using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Interviews;

namespace InterviewGateway.Delivery;

/// The automatic disable (410 Gone, or every attempt failing for Delivery:DisableAfter) and the
/// operational `subscription.disabled` event it sends to the other subscriptions that ask for it.
internal sealed partial class SubscriptionDisabler(
    ISubscriptionStore subscriptions,
    SubscriptionSnapshot snapshot,
    IEventStore events,
    EventPublisher publisher,
    GatewayMetrics metrics,
    ISharedClock clock,
    TimeProvider time,
    ILogger<SubscriptionDisabler> logger)
{
    /// Compare-and-swap on the stored subscription: the send may have taken seconds, during which it
    /// was changed (kept) or deleted (stays deleted).
    public async Task DisableAsync(string subscriptionId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var disabled = await subscriptions.UpdateAsync(subscriptionId,
            current => current.Enabled
                ? current with { Enabled = false, DisabledReason = reason, DisabledAt = now, UpdatedAt = now }
                : null,
            cancellationToken);
        if (disabled is null)
        {
            return; // deleted, or already disabled (by the API or a concurrent attempt): one event only
        }

        snapshot.Invalidate();
        Log.Disabled(logger, subscriptionId, reason);
        await PublishDisabledAsync(disabled, cancellationToken);
    }

    /// The event names no interview or vendor, so vendor filters do not apply; the data never holds secrets.
    /// Its id is derived from (subscription, disabled at), so publishing it again stores nothing twice.
    public async Task PublishDisabledAsync(Subscription disabled, CancellationToken cancellationToken)
    {
        var at = disabled.DisabledAt ?? time.GetUtcNow();
        var discriminator = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var id = new DetectedEvent(EventTypes.SubscriptionDisabled, discriminator, at).IdFor(disabled.Id);
        var body = new SubscriptionEventBody(id, EventTypes.SubscriptionDisabled, at, EventTypes.SchemaVersion, 1,
            new SubscriptionEventData(disabled.ToResponse()));
        var candidate = new GatewayEvent(id, EventTypes.SubscriptionDisabled, "", "", at, 1,
            JsonSerializer.Serialize(body, GatewayJson.Api))
        {
            StoredAt = await clock.GetUtcNowAsync(cancellationToken),
        };
        if (await events.TryAppendAsync(candidate, cancellationToken))
        {
            metrics.EventPublished(EventTypes.SubscriptionDisabled);
        }

        await publisher.RelayOneAsync(await events.GetAsync(id, cancellationToken) ?? candidate, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Subscription {SubscriptionId} disabled: {Reason}")]
        public static partial void Disabled(ILogger logger, string subscriptionId, string reason);
    }
}
