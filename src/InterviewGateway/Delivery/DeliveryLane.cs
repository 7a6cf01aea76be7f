namespace InterviewGateway.Delivery;

/// One subscription's deliveries on this instance: messages taken from its queue and not started yet,
/// the requests in flight, and the slots this instance holds. Only the dispatcher loop touches the
/// buffer and the slots; finished requests decrement `InFlight` from their own tasks.
internal sealed class DeliveryLane(string subscriptionId)
{
    /// How long this instance's hold on a lane's slots lasts unless renewed (by use or by maintenance).
    public static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(30);

    private int _inFlight;

    public string SubscriptionId { get; } = subscriptionId;

    public Queue<DeliveryMessage> Buffer { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Held { get; set; }

    public long LastReserveMs { get; set; } = long.MinValue / 2;

    public long IdleSinceMs { get; set; }

    /// Ids of the messages in flight, kept taken (touched) like the buffered ones: an attempt that runs
    /// longer than the claim idle time minus the time it sat in the buffer is not taken over by another.
    public System.Collections.Concurrent.ConcurrentDictionary<string, byte> Running { get; } =
        new(StringComparer.Ordinal);

    /// It took messages since its queue was last trimmed.
    public bool Untrimmed { get; set; }

    /// This instance has something of the lane to look after: slots, messages, or a trim owed.
    public bool Busy => Held > 0 || InFlight > 0 || Buffer.Count > 0 || Untrimmed;

    public void Started(DeliveryMessage message)
    {
        Running[message.Id] = 0;
        Interlocked.Increment(ref _inFlight);
    }

    public void Finished(DeliveryMessage message)
    {
        Running.TryRemove(message.Id, out _);
        Interlocked.Decrement(ref _inFlight);
    }
}
