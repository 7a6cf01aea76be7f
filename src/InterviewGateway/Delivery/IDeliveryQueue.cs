namespace InterviewGateway.Delivery;

/// The delivery queue: a queue per subscription (a Redis stream with a consumer group, or its in-process
/// equivalent), a delivery state per (event, subscription), and due retries in one time-ordered set that
/// is moved into the queues when due. Every instance reads; a message taken by an instance that dies is
/// claimed again by another after `ClaimAbandonedAsync`'s idle time.
internal interface IDeliveryQueue
{
    /// Queues attempt 1 unless this event was ever queued to this subscription (fan-out dedupe). True when queued.
    Task<bool> TryEnqueueFirstAsync(string subscriptionId, string eventId, CancellationToken cancellationToken);

    /// Queues `attempt` now and makes it the current one (resuming a held attempt).
    Task EnqueueAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken);

    /// Recover: queues the next attempt of each event that was not delivered, unless an attempt of it is
    /// queued and due after `liveSince` (alive, not lost). Returns how many were queued.
    Task<int> RequeueUndeliveredAsync(string subscriptionId, IReadOnlyList<string> eventIds, DateTimeOffset liveSince,
        CancellationToken cancellationToken);

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
    /// instance when it was idle); `SettleAsync` takes it out once its queue is finished.
    Task<IReadOnlySet<string>?> ActiveAsync(CancellationToken cancellationToken);

    Task SettleAsync(string subscriptionId, CancellationToken cancellationToken);

    Task<DeliveryBacklog> BacklogAsync(string subscriptionId, CancellationToken cancellationToken);

    /// Scheduled retries over all subscriptions.
    Task<long> ScheduledCountAsync(CancellationToken cancellationToken);

    /// Forgets states recorded before `before` (retention) and finished messages; returns states removed.
    Task<int> PruneAsync(string subscriptionId, DateTimeOffset before, CancellationToken cancellationToken);

    /// Drops finished messages from the subscription's queue storage.
    Task TrimAsync(string subscriptionId, CancellationToken cancellationToken);

    /// Drops a deleted subscription's queue and states (its scheduled retries are skipped when due) and
    /// leaves a tombstone saying when (by the shared clock).
    Task PurgeAsync(string subscriptionId, CancellationToken cancellationToken);

    /// Drops again the queues and states of subscriptions deleted more than `settled` ago: an instance that
    /// had not seen the delete yet (its snapshot is up to a second old, a delivery in flight finishes)
    /// writes them again after the first purge, and nothing else would remove them. Only tombstoned ids are
    /// purged (issue 17: purging every id missing from a list read earlier dropped the queue of a
    /// subscription created meanwhile); tombstones older than `keep` are forgotten. Returns how many.
    Task<int> PurgeDeletedAsync(TimeSpan settled, TimeSpan keep, CancellationToken cancellationToken);

    /// Raised when this instance queued something, so its dispatcher need not wait for its next poll.
    event Action? Enqueued;
}
