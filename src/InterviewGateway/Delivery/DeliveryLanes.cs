using System.Security.Cryptography;

namespace InterviewGateway.Delivery;

/// This instance's lanes, one per subscription, and how they are filled: messages read from each
/// subscription's queue and slots reserved for them. Only the dispatcher loop calls it.
internal sealed class DeliveryLanes(IDeliveryQueue queue, IDeliverySlots slots)
{
    private const long ReserveEveryMs = 200;
    private const long ShareEveryMs = 1000;
    private const long ReleaseAfterIdleMs = 2000;

    private readonly Dictionary<string, DeliveryLane> _lanes = new(StringComparer.Ordinal);

    /// This instance's consumer name in every subscription's consumer group.
    public string Consumer { get; } =
        $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public IEnumerable<DeliveryLane> All => _lanes.Values;

    /// A lane per subscription: deleted ones go (their queue was purged; what is in flight finishes).
    public void Sync(IReadOnlyDictionary<string, Subscription> subscriptions, long nowMs)
    {
        foreach (var gone in _lanes.Keys.Where(id => !subscriptions.ContainsKey(id)).ToList())
        {
            _lanes.Remove(gone);
        }

        foreach (var id in subscriptions.Keys.Where(id => !_lanes.ContainsKey(id)))
        {
            _lanes[id] = new DeliveryLane(id) { IdleSinceMs = nowMs };
        }
    }

    /// Reads for every active lane (`active` null: every lane) below its low-water mark, up to twice its
    /// max_concurrency taken at once; lanes wanting the same count share one read.
    public async Task<int> ReadAsync(IReadOnlyDictionary<string, Subscription> subscriptions,
        IReadOnlySet<string>? active, CancellationToken cancellationToken)
    {
        var wanting = _lanes.Values
            .Where(lane => active is null || active.Contains(lane.SubscriptionId))
            .Select(lane => (lane, limit: subscriptions[lane.SubscriptionId].MaxConcurrency))
            .Where(x => x.lane.Buffer.Count <= x.limit / 2)
            .Select(x => (x.lane, want: (2 * x.limit) - x.lane.Buffer.Count - x.lane.InFlight))
            .Where(x => x.want > 0)
            .GroupBy(x => x.want);
        var read = 0;
        foreach (var group in wanting)
        {
            var messages = await queue.ReadAsync([.. group.Select(x => x.lane.SubscriptionId)], group.Key,
                Consumer, cancellationToken);
            foreach (var message in messages)
            {
                if (_lanes.TryGetValue(message.SubscriptionId, out var lane))
                {
                    lane.Buffer.Enqueue(message);
                    lane.Untrimmed = true;
                    read++;
                }
            }
        }

        return read;
    }

    /// Asks for slots where buffered work exceeds them (at most every 200 ms per lane), and gives them back
    /// after two idle seconds, so another instance can use them.
    public async Task ReserveAsync(IReadOnlyDictionary<string, Subscription> subscriptions, long nowMs,
        CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes.Values)
        {
            var limit = subscriptions[lane.SubscriptionId].MaxConcurrency;
            var inFlight = lane.InFlight;
            var want = Math.Min(limit, inFlight + lane.Buffer.Count);
            if (inFlight > 0 || lane.Buffer.Count > 0)
            {
                lane.IdleSinceMs = nowMs;
            }

            var grow = want > lane.Held && nowMs - lane.LastReserveMs >= ReserveEveryMs;
            var release = lane.Held > 0 && want == 0 && nowMs - lane.IdleSinceMs >= ReleaseAfterIdleMs;
            var share = lane.Held > 0 && want > 0
                && nowMs - lane.LastReserveMs >= ShareEveryMs; // others may be waiting
            if (grow || release || share || lane.Held > limit)
            {
                lane.LastReserveMs = nowMs;
                lane.Held = await slots.ReserveAsync(lane.SubscriptionId, Consumer, want, inFlight, limit,
                    DeliveryLane.SlotLease, cancellationToken);
            }
        }
    }
}
