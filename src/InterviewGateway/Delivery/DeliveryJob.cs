using Hangfire;

namespace InterviewGateway.Delivery;

/// Deliveries no longer run as Hangfire jobs. This only drains jobs an older version left in Redis
/// (queued or scheduled before an upgrade): each moves its attempt into the delivery queue.
internal sealed class DeliveryJob(DeliveryService deliveries)
{
    [AutomaticRetry(Attempts = 3, LogEvents = false)]
    [Queue("delivery")]
    public Task RunAsync(string eventId, string subscriptionId, int attempt, CancellationToken cancellationToken) =>
        deliveries.EnqueueAsync(eventId, subscriptionId, attempt, cancellationToken);

    [AutomaticRetry(Attempts = 3, LogEvents = false)]
    [Queue("delivery-busy")]
    public Task RunWhenFreeAsync(string eventId, string subscriptionId, int attempt,
        CancellationToken cancellationToken) =>
        deliveries.EnqueueAsync(eventId, subscriptionId, attempt, cancellationToken);
}
