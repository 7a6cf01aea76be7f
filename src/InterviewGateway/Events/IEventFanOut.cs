namespace InterviewGateway.Events;

/// Queues the first delivery of a stored event to everyone who wants it (Delivery implements it, so
/// Events never depends on subscriptions). Idempotent per (event, receiver): a repeated fan-out, a retry
/// or the outbox sweep queues nothing twice, and one that was cut off half-way is completed. It throws
/// when it could not finish; the event then stays in the outbox.
internal interface IEventFanOut
{
    Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken);
}
