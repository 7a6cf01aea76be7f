namespace InterviewGateway.Delivery;

/// A subscription's share of the delivery queue: attempts waiting to be sent, attempts taken by an
/// instance and not finished, and the due time of the oldest waiting one (null when none waits).
internal sealed record DeliveryBacklog(long Queued, long InFlight, DateTimeOffset? OldestDueAt);
