using System.Globalization;
using InterviewGateway.Events;
using InterviewGateway.Events.Catalog;
using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Infrastructure.Storage;

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
        var fact = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var candidate = EventBodies.Subscription(EventTypes.SubscriptionDisabled, fact, at, disabled.ToResponse(),
            await clock.GetUtcNowAsync(cancellationToken));
        if (await events.TryAppendAsync(candidate, cancellationToken))
        {
            metrics.EventPublished(EventTypes.SubscriptionDisabled);
        }

        var stored = await events.GetAsync(candidate.Id, cancellationToken) ?? candidate;
        await publisher.RelayOneAsync(stored, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Subscription {SubscriptionId} disabled: {Reason}")]
        public static partial void Disabled(ILogger logger, string subscriptionId, string reason);
    }
}
