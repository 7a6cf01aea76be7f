namespace InterviewGateway.Delivery;

/// At most `max_concurrency` requests in flight per subscription, across instances (contract section 6).
/// Each instance holds a block of a subscription's slots under a lease it renews while it delivers and
/// gives back when idle, so a delivery costs no Redis command of its own; an instance that dies stops
/// renewing and its slots free themselves when the lease ends. When several instances want more than
/// they hold, each is capped at an equal share, so one busy instance cannot keep the others out.
internal interface IDeliverySlots
{
    /// Registers that `instance` wants `want` slots with `inFlight` requests running, and returns how many
    /// it may have in flight: at most what the others leave of `limit` (and its share while others wait).
    /// Requests already running stay counted until they finish, so the limit holds while an instance shrinks.
    Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit, TimeSpan lease,
        CancellationToken cancellationToken);
}
