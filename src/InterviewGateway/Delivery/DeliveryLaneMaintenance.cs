using InterviewGateway.Infrastructure.Observability;

namespace InterviewGateway.Delivery;

/// The dispatcher's upkeep of its lanes, run every few seconds (DeliveryDispatcher owns the lanes and
/// calls it from its loop, so nothing here runs concurrently with the loop).
internal sealed partial class DeliveryLaneMaintenance(
    IDeliveryQueue queue,
    IDeliveryQueueAdmin admin,
    IDeliverySlots slots,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryLaneMaintenance> logger)
{
    /// Every few seconds, for each lane that is active (`active` null: every lane) or busy here: renew held
    /// slots, keep buffered messages ours, take over abandoned ones, drop finished stream entries, settle a
    /// finished queue out of the active set, and publish queue depth. An idle lane costs nothing.
    public async Task MaintainAsync(IEnumerable<DeliveryLane> lanes,
        IReadOnlyDictionary<string, Subscription> subscriptions, IReadOnlySet<string>? active, string consumer,
        TimeSpan claimAbandonedAfter, CancellationToken cancellationToken)
    {
        long depth = 0;
        foreach (var gone in active?.Where(id => !subscriptions.ContainsKey(id)) ?? [])
        {
            await queue.SettleAsync(gone, cancellationToken); // a deleted subscription's purged queue
        }

        foreach (var lane in lanes.Where(l => active is null || active.Contains(l.SubscriptionId) || l.Busy))
        {
            var limit = subscriptions[lane.SubscriptionId].MaxConcurrency;
            if (lane.Held > 0 || lane.InFlight > 0 || lane.Buffer.Count > 0)
            {
                lane.LastReserveMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                var want = Math.Min(limit, lane.InFlight + lane.Buffer.Count);
                lane.Held = await slots.ReserveAsync(lane.SubscriptionId, consumer, want, lane.InFlight, limit,
                    DeliveryLane.SlotLease, cancellationToken);
            }

            await queue.TouchAsync(lane.SubscriptionId, consumer,
                [.. lane.Buffer.Select(m => m.Id), .. lane.Running.Keys], cancellationToken);
            var room = (2 * limit) - lane.Buffer.Count - lane.InFlight;
            if (room > 0)
            {
                foreach (var message in await queue.ClaimAbandonedAsync(lane.SubscriptionId, consumer,
                    claimAbandonedAfter, room, cancellationToken))
                {
                    Log.Claimed(logger, message.EventId, message.SubscriptionId, message.Attempt);
                    lane.Buffer.Enqueue(message);
                    lane.Untrimmed = true;
                }
            }

            // An idle lane costs no trim: entries are trimmed by the instance that took them, once more
            // after its lane went quiet (so the last acknowledgements are covered), and daily by retention.
            if (lane.Untrimmed)
            {
                await admin.TrimAsync(lane.SubscriptionId, cancellationToken);
                lane.Untrimmed = lane.Buffer.Count > 0 || lane.InFlight > 0;
            }

            var backlog = await admin.BacklogAsync(lane.SubscriptionId, cancellationToken);
            depth += backlog.Queued + backlog.InFlight;
            if (active is not null && !lane.Busy && backlog.Queued + backlog.InFlight == 0)
            {
                await queue.SettleAsync(lane.SubscriptionId, cancellationToken);
            }
        }

        metrics.DeliveryQueueDepth(depth, await admin.ScheduledCountAsync(cancellationToken));
    }

    private static partial class Log
    {
        [LoggerMessage(4012, LogLevel.Information,
            "Took over delivery of {EventId} to {SubscriptionId}, attempt {Attempt}, abandoned by another instance")]
        public static partial void Claimed(ILogger logger, string eventId, string subscriptionId, int attempt);
    }
}
