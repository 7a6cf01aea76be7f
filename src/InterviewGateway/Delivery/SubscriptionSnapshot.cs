namespace InterviewGateway.Delivery;

/// The subscriptions as the delivery dispatcher sees them: read from the store at most once a second
/// (one read per subscription), and at once after this instance changed one. Another instance's change
/// shows within a second.
internal sealed class SubscriptionSnapshot(ISubscriptionStore store, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private IReadOnlyDictionary<string, Subscription> _current = new Dictionary<string, Subscription>();
    private long _readAtMs;

    public async Task<IReadOnlyDictionary<string, Subscription>> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - Interlocked.Read(ref _readAtMs) < (long)MaxAge.TotalMilliseconds)
        {
            return _current;
        }

        var list = await store.ListAsync(cancellationToken);
        _current = list.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Interlocked.Exchange(ref _readAtMs, now);
        return _current;
    }

    public void Invalidate() => Interlocked.Exchange(ref _readAtMs, 0);
}
