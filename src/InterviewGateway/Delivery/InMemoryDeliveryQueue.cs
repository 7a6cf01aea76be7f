using System.Globalization;

namespace InterviewGateway.Delivery;

/// The in-process delivery queue for a single instance without Redis: the same semantics as
/// RedisDeliveryQueue (per-subscription queues with taken-but-unfinished messages, states, a heap of due
/// retries), under one lock. Nothing survives a restart, like every other in-memory store.
internal sealed class InMemoryDeliveryQueue(TimeProvider time) : IDeliveryQueue, IDeliveryQueueAdmin
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, InMemoryDeliveryLane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _deleted = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(string Subscription, string EventId, int Attempt, DateTimeOffset Due),
        DateTimeOffset> _retries = new();
    private long _sequence;

    /// One process: the dispatcher is woken in-process, so every queue simply counts as active.
    public Task<IReadOnlySet<string>?> ActiveAsync(TimeSpan maxAge, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>?>(null);

    public Task SettleAsync(string subscriptionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public event Action? Enqueued;

    public Task<bool> TryEnqueueFirstAsync(string subscriptionId, string eventId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var lane = LaneOf(subscriptionId);
            if (lane.StateOf(eventId) is not null)
            {
                return Task.FromResult(false);
            }

            Add(lane, subscriptionId, eventId, 1, time.GetUtcNow());
        }

        Enqueued?.Invoke();
        return Task.FromResult(true);
    }

    public Task EnqueueAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Add(LaneOf(subscriptionId), subscriptionId, eventId, attempt, time.GetUtcNow());
        }

        Enqueued?.Invoke();
        return Task.CompletedTask;
    }

    public Task<int> RequeueUndeliveredAsync(string subscriptionId, IReadOnlyList<string> eventIds,
        DateTimeOffset liveSince,
        CancellationToken cancellationToken)
    {
        var queued = 0;
        lock (_lock)
        {
            var lane = LaneOf(subscriptionId);
            foreach (var eventId in eventIds)
            {
                var state = lane.StateOf(eventId);
                if (state is { Kind: DeliveryStateKind.Delivered } || (state is { Kind: DeliveryStateKind.Queued } live
                    && live.At >= liveSince))
                {
                    continue;
                }

                Add(lane, subscriptionId, eventId, (state?.Attempt ?? 0) + 1, time.GetUtcNow());
                queued++;
            }
        }

        if (queued > 0)
        {
            Enqueued?.Invoke();
        }

        return Task.FromResult(queued);
    }

    public Task<IReadOnlyList<DeliveryMessage>> ReadAsync(IReadOnlyCollection<string> subscriptionIds, int count,
        string consumer,
        CancellationToken cancellationToken)
    {
        var read = new List<DeliveryMessage>();
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var id in subscriptionIds)
            {
                if (!_lanes.TryGetValue(id, out var lane))
                {
                    continue;
                }

                lane.Take(count, consumer, now, read);
            }
        }

        return Task.FromResult<IReadOnlyList<DeliveryMessage>>(read);
    }

    public Task<IReadOnlyList<DeliveryMessage>> ClaimAbandonedAsync(string subscriptionId, string consumer,
        TimeSpan minIdle, int count,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_lanes.TryGetValue(subscriptionId, out var lane))
            {
                return Task.FromResult<IReadOnlyList<DeliveryMessage>>([]);
            }

            return Task.FromResult<IReadOnlyList<DeliveryMessage>>(lane.ClaimAbandoned(consumer, minIdle, count, now));
        }
    }

    public Task TouchAsync(string subscriptionId, string consumer, IReadOnlyList<string> messageIds,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_lanes.TryGetValue(subscriptionId, out var lane))
            {
                lane.Touch(consumer, messageIds, now);
            }
        }

        return Task.CompletedTask;
    }

    public Task<DeliveryState?> GetStateAsync(string subscriptionId, string eventId,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_lanes.TryGetValue(subscriptionId, out var lane) ? lane.StateOf(eventId) : null);
        }
    }

    public Task CompleteAsync(DeliveryMessage message, DeliveryState? state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_lanes.TryGetValue(message.SubscriptionId, out var lane))
            {
                return Task.CompletedTask; // purged
            }

            // Only while the message's attempt is still the current, queued one (as the Redis script).
            if (state is { } next && lane.StateOf(message.EventId) is { Kind: DeliveryStateKind.Queued } current
                && current.Attempt == message.Attempt)
            {
                if (next.Kind == DeliveryStateKind.Queued && next.Attempt > message.Attempt)
                {
                    _retries.Enqueue((message.SubscriptionId, message.EventId, next.Attempt, next.At), next.At);
                }

                lane.SetState(message.EventId, next);
            }

            lane.Finish(message.Id);
        }

        return Task.CompletedTask;
    }

    public Task MarkDeliveredAsync(string subscriptionId, string eventId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            LaneOf(subscriptionId).SetState(eventId, new DeliveryState(DeliveryStateKind.Delivered, 0, at));
        }

        return Task.CompletedTask;
    }

    public Task<int> PromoteDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var moved = 0;
        lock (_lock)
        {
            while (moved < max && _retries.TryPeek(out var retry, out var due) && due <= now)
            {
                _retries.Dequeue();
                moved++;
                if (_lanes.TryGetValue(retry.Subscription, out var lane))
                {
                    lane.Requeue(new DeliveryMessage(NextId(), retry.Subscription, retry.EventId, retry.Attempt,
                        retry.Due));
                }
            }
        }

        if (moved > 0)
        {
            Enqueued?.Invoke();
        }

        return Task.FromResult(moved);
    }

    public Task<DeliveryBacklog> BacklogAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_lanes.TryGetValue(subscriptionId, out var lane)
                ? lane.Backlog()
                : new DeliveryBacklog(0, 0, null));
        }
    }

    public Task<long> ScheduledCountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_retries.Count);
        }
    }

    public Task<int> PruneAsync(string subscriptionId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_lanes.TryGetValue(subscriptionId, out var lane) ? lane.Prune(before) : 0);
        }
    }

    /// Finished messages are removed when they finish.
    public Task TrimAsync(string subscriptionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PurgeAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _lanes.Remove(subscriptionId);
            _deleted[subscriptionId] = time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeDeletedAsync(TimeSpan settled, TimeSpan keep, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var id in _deleted.Where(d => d.Value < now - keep).Select(d => d.Key).ToList())
            {
                _deleted.Remove(id);
            }

            var purged = _deleted.Where(d => d.Value <= now - settled).Select(d => d.Key).ToList();
            purged.ForEach(id => _lanes.Remove(id));
            return Task.FromResult(purged.Count);
        }
    }

    private InMemoryDeliveryLane LaneOf(string subscriptionId)
    {
        if (!_lanes.TryGetValue(subscriptionId, out var lane))
        {
            _lanes[subscriptionId] = lane = new InMemoryDeliveryLane();
        }

        return lane;
    }

    private void Add(InMemoryDeliveryLane lane, string subscriptionId, string eventId, int attempt,
        DateTimeOffset now) =>
        lane.Add(new DeliveryMessage(NextId(), subscriptionId, eventId, attempt, now));

    private string NextId() => (++_sequence).ToString(CultureInfo.InvariantCulture) + "-0";
}
