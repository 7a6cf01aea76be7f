namespace InterviewGateway.Delivery;

/// One subscription's share of InMemoryDeliveryQueue: messages waiting, messages taken by a consumer and
/// not finished, and the delivery state per event. Not thread-safe: the queue calls it under its lock.
internal sealed class InMemoryDeliveryLane
{
    private readonly Queue<DeliveryMessage> _waiting = new();
    private readonly Dictionary<string, (DeliveryMessage Message, string Consumer, DateTimeOffset TakenAt)> _taken =
        new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeliveryState> _states = new(StringComparer.Ordinal);

    public DeliveryState? StateOf(string eventId) => _states.TryGetValue(eventId, out var state) ? state : null;

    public void SetState(string eventId, DeliveryState state) => _states[eventId] = state;

    /// Queues `message` as its event's current attempt.
    public void Add(DeliveryMessage message)
    {
        _states[message.EventId] = new DeliveryState(DeliveryStateKind.Queued, message.Attempt, message.DueAt);
        _waiting.Enqueue(message);
    }

    /// A due retry comes back without touching the state (it was written when the retry was scheduled).
    public void Requeue(DeliveryMessage message) => _waiting.Enqueue(message);

    public void Take(int count, string consumer, DateTimeOffset now, List<DeliveryMessage> into)
    {
        for (var i = 0; i < count && _waiting.TryDequeue(out var message); i++)
        {
            _taken[message.Id] = (message, consumer, now);
            into.Add(message);
        }
    }

    public List<DeliveryMessage> ClaimAbandoned(string consumer, TimeSpan minIdle, int count, DateTimeOffset now)
    {
        var claimed = _taken.Values.Where(p => now - p.TakenAt >= minIdle).Take(count).Select(p => p.Message)
            .ToList();
        claimed.ForEach(m => _taken[m.Id] = (m, consumer, now));
        return claimed;
    }

    public void Touch(string consumer, IEnumerable<string> messageIds, DateTimeOffset now)
    {
        foreach (var id in messageIds.Where(_taken.ContainsKey))
        {
            _taken[id] = (_taken[id].Message, consumer, now);
        }
    }

    public void Finish(string messageId) => _taken.Remove(messageId);

    public DeliveryBacklog Backlog() =>
        new(_waiting.Count, _taken.Count, _waiting.TryPeek(out var first) ? first.DueAt : null);

    /// Forgets states recorded before `before`; how many.
    public int Prune(DateTimeOffset before)
    {
        var old = _states.Where(s => s.Value.At < before).Select(s => s.Key).ToList();
        old.ForEach(id => _states.Remove(id));
        return old.Count;
    }
}
