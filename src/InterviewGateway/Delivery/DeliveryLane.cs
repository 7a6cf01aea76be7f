namespace InterviewGateway.Delivery;

/// One subscription's deliveries on this instance: messages taken from its queue and not started yet,
/// the requests in flight, and the slots this instance holds. Only the dispatcher loop touches the
/// buffer and the slots; finished requests decrement `InFlight` from their own tasks.
internal sealed class DeliveryLane(string subscriptionId)
{
    private int _inFlight;

    public string SubscriptionId { get; } = subscriptionId;

    public Queue<DeliveryMessage> Buffer { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Held { get; set; }

    public long LastReserveMs { get; set; } = long.MinValue / 2;

    public long IdleSinceMs { get; set; }

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Finished() => Interlocked.Decrement(ref _inFlight);
}
