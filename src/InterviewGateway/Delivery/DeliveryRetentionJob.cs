using Hangfire;
using InterviewGateway.Events;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Daily: forgets delivery states older than the event retention (30 days: their events are gone) and
/// attempt log lines older than Delivery:AttemptRetention, per subscription, and the queues of deleted
/// subscriptions that a late writer recreated.
internal sealed class DeliveryRetentionJob(
    ISubscriptionStore subscriptions,
    IDeliveryQueue queue,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time)
{
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await subscriptions.ListAsync(cancellationToken);
        await queue.PurgeOrphansAsync(existing.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
        foreach (var subscription in existing)
        {
            await queue.PruneAsync(subscription.Id, now - IEventStore.Retention, cancellationToken);
            await subscriptions.PruneAttemptsAsync(subscription.Id, now - options.CurrentValue.AttemptRetention,
                cancellationToken);
        }
    }
}
