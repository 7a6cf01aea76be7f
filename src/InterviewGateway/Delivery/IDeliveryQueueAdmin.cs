namespace InterviewGateway.Delivery;

/// The delivery queue's operations outside the engine's hot path: recover, backlog and gauges, retention
/// and purging a deleted subscription. The same store as IDeliveryQueue (AddStore registers one instance
/// behind both), so a consumer takes only the face it uses.
internal interface IDeliveryQueueAdmin
{
    /// Recover: queues the next attempt of each event that was not delivered, unless an attempt of it is
    /// queued and due after `liveSince` (alive, not lost). Returns how many were queued.
    Task<int> RequeueUndeliveredAsync(string subscriptionId, IReadOnlyList<string> eventIds, DateTimeOffset liveSince,
        CancellationToken cancellationToken);

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
}
