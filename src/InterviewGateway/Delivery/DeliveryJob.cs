using Hangfire;

namespace InterviewGateway.Delivery;

/// The Hangfire job: ids only, never secrets or payloads. The retry schedule for subscriber failures
/// is ours; Hangfire's own few retries only cover the gateway's failures (the attempt claim dedupes).
internal sealed class DeliveryJob(DeliveryService deliveries)
{
    [AutomaticRetry(Attempts = 3, LogEvents = false)]
    [Queue("delivery")]
    public Task RunAsync(string eventId, string subscriptionId, int attempt, CancellationToken cancellationToken) =>
        deliveries.DeliverAsync(eventId, subscriptionId, attempt, scheduleRetry: true, cancellationToken);

    /// The same attempt, after its subscription had every slot in flight. It waits on a queue the
    /// workers serve last, so one saturated subscriber's backlog never delays anyone else's deliveries.
    [AutomaticRetry(Attempts = 3, LogEvents = false)]
    [Queue("delivery-busy")]
    public Task RunWhenFreeAsync(string eventId, string subscriptionId, int attempt, CancellationToken cancellationToken) =>
        deliveries.DeliverAsync(eventId, subscriptionId, attempt, scheduleRetry: true, cancellationToken);
}
