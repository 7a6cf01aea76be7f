using Hangfire;
using InterviewGateway.Events;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Delivery;

/// Daily: forgets delivery states older than the event retention (30 days: their events are gone) and
/// attempt log lines older than Delivery:AttemptRetention, per subscription, and the queues of deleted
/// subscriptions that a late writer recreated (only those deleted a while ago, by their tombstones).
internal sealed class DeliveryRetentionJob(
    ISubscriptionStore subscriptions,
    IDeliveryQueueAdmin queue,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time)
{
    /// Longer than any delivery in flight or snapshot still holding a deleted subscription.
    public static readonly TimeSpan DeletedSettle = TimeSpan.FromMinutes(10);

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await queue.PurgeDeletedAsync(DeletedSettle, IEventStore.Retention, cancellationToken);
        foreach (var subscription in await subscriptions.ListAsync(cancellationToken))
        {
            await queue.PruneAsync(subscription.Id, now - IEventStore.Retention, cancellationToken);
            await subscriptions.PruneAttemptsAsync(subscription.Id, now - options.CurrentValue.AttemptRetention,
                cancellationToken);
        }
    }
}
