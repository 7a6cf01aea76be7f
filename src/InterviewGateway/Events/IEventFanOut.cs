namespace InterviewGateway.Events;

/// Queues the first delivery of a stored event to everyone who wants it (Delivery implements it, so
/// Events never depends on subscriptions). Idempotent per (event, receiver): a repeated fan-out, a retry
/// or the outbox sweep queues nothing twice, and one that was cut off half-way is completed. It throws
/// when it could not finish; the event then stays in the outbox.
internal interface IEventFanOut
{
    Task FanOutAsync(GatewayEvent stored, CancellationToken cancellationToken);

    /// The events one commit stored, together: who wants them is looked up once for all of them.
    async Task FanOutAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken)
    {
        foreach (var stored in committed)
        {
            await FanOutAsync(stored, cancellationToken);
        }
    }
}
