namespace InterviewGateway.Delivery;

/// Subscriptions and their delivery records. Attempts are kept newest first per subscription.
internal interface ISubscriptionStore
{
    Task SaveAsync(Subscription subscription, CancellationToken cancellationToken);

    Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken);

    /// Read-modify-write with compare-and-swap, so a PATCH, a rotation and an auto-disable racing on
    /// one subscription (on one instance or several) never lose each other's change. `change` returns
    /// null to leave it as it is. Null when the subscription does not exist (or was left unchanged).
    Task<Subscription?> UpdateAsync(string id, Func<Subscription, Subscription?> change,
        CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// Ordered by id (ids sort by creation time).
    Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken);

    /// Grows with every save, update and delete: in the same transaction in Redis, in memory right after
    /// the write is visible (never before), so a list read after version v holds every change up to v.
    Task<long> GetVersionAsync(CancellationToken cancellationToken);

    Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(string subscriptionId, CancellationToken cancellationToken);

    /// Drops attempt log lines recorded before `before` (retention).
    Task PruneAttemptsAsync(string subscriptionId, DateTimeOffset before, CancellationToken cancellationToken);

    /// Deliveries held back while the subscription is disabled: event id → the attempt that was due.
    Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, int>> ListHeldAsync(string subscriptionId, CancellationToken cancellationToken);

    /// Returns and forgets the held deliveries in one step, so two callers never both resume one.
    Task<IReadOnlyDictionary<string, int>> TakeHeldAsync(string subscriptionId, CancellationToken cancellationToken);
}
