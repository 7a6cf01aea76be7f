namespace InterviewGateway.Delivery;

/// The delivery queue as the engine uses it (fan-out, dispatcher, attempts, lanes): a queue per
/// subscription (a Redis stream with a consumer group, or its in-process equivalent), a delivery state per
/// (event, subscription), and due retries in one time-ordered set that is moved into the queues when due.
/// Every instance reads; a message taken by an instance that dies is claimed again by another after
/// `ClaimAbandonedAsync`'s idle time. Recover, backlog, retention and purge are IDeliveryQueueAdmin.
internal interface IDeliveryQueue
{
    /// Queues attempt 1 unless this event was ever queued to this subscription (fan-out dedupe). True when queued.
    Task<bool> TryEnqueueFirstAsync(string subscriptionId, string eventId, CancellationToken cancellationToken);

    /// Queues `attempt` now and makes it the current one (resuming a held attempt).
    Task EnqueueAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken);

    /// Takes up to `count` waiting messages per subscription for `consumer`.
    Task<IReadOnlyList<DeliveryMessage>> ReadAsync(IReadOnlyCollection<string> subscriptionIds, int count,
        string consumer,
        CancellationToken cancellationToken);

    /// Takes over messages another consumer took more than `minIdle` ago and never finished.
    Task<IReadOnlyList<DeliveryMessage>> ClaimAbandonedAsync(string subscriptionId, string consumer, TimeSpan minIdle,
        int count,
        CancellationToken cancellationToken);

    /// Tells the queue that `consumer` still works on these messages (they are not abandoned).
    Task TouchAsync(string subscriptionId, string consumer, IReadOnlyList<string> messageIds,
        CancellationToken cancellationToken);

    Task<DeliveryState?> GetStateAsync(string subscriptionId, string eventId, CancellationToken cancellationToken);

    /// Finishes a message: records `state` (null leaves the state alone), schedules `retryAt` for a
    /// queued state with a later attempt, and removes the message.
    Task CompleteAsync(DeliveryMessage message, DeliveryState? state, CancellationToken cancellationToken);

    /// A manual retry delivered it: pending attempts stand aside.
    Task MarkDeliveredAsync(string subscriptionId, string eventId, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// Moves due retries into their subscriptions' queues; returns how many.
    Task<int> PromoteDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// Subscriptions whose queue may hold unfinished messages, so an idle instance reads and maintains only
    /// those (null: not tracked, every queue counts). Queueing marks one (and raises `Enqueued` on every
    /// instance when it was idle); `SettleAsync` takes it out once its queue is finished. The answer may be
    /// a copy up to `maxAge` old, kept only while no change was signalled: a wake (a queue became active
    /// anywhere), this instance's own queueing or settling.
    Task<IReadOnlySet<string>?> ActiveAsync(TimeSpan maxAge, CancellationToken cancellationToken);

    Task SettleAsync(string subscriptionId, CancellationToken cancellationToken);

    /// Raised when this instance queued something, so its dispatcher need not wait for its next poll.
    event Action? Enqueued;
}
