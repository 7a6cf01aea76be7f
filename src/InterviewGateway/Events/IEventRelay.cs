namespace InterviewGateway.Events;

/// Fans out events right after the commit that stored them; whatever it does not finish stays in the
/// outbox for the sweep. It never throws: the change is already stored.
internal interface IEventRelay
{
    Task RelayAsync(IReadOnlyList<GatewayEvent> committed, CancellationToken cancellationToken);
}
