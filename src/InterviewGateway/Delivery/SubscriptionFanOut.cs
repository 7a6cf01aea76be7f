using InterviewGateway.Events;

namespace InterviewGateway.Delivery;

/// Queues the first attempt of a stored event to every matching subscription that existed when it was
/// stored, on whichever instance it was created: the snapshot is checked against the store's change
/// counter (read after the commit), because the entry leaves the outbox after this and nothing looks again.
internal sealed class SubscriptionFanOut(SubscriptionSnapshot snapshot, IDeliveryQueue deliveries) : IEventFanOut
{
    public Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken) =>
        FanOutAsync([stored], cancellationToken);

    /// The subscriptions are read once for all of one commit's events (after that commit).
    public async Task FanOutAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken)
    {
        var subscriptions = (await snapshot.GetCurrentAsync(cancellationToken)).Values;
        foreach (var stored in committed)
        {
            foreach (var subscription in subscriptions)
            {
                if (subscription.Enabled && subscription.WantsStored(stored))
                {
                    await TryFanOutAsync(stored, subscription.Id, cancellationToken);
                }
            }
        }
    }

    /// Queues the first attempt of one event to one subscription unless it ever was: the delivery state
    /// and the queue entry are written by one script, so a repeat (the sweep, a second detection) is a no-op.
    public Task<bool> TryFanOutAsync(GatewayEvent stored, string subscriptionId, CancellationToken cancellationToken) =>
        deliveries.TryEnqueueFirstAsync(subscriptionId, stored.Id, cancellationToken);
}
