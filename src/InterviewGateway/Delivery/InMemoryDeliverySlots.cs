namespace InterviewGateway.Delivery;

internal sealed class InMemoryDeliverySlots(TimeProvider time) : IDeliverySlots
{
    private readonly Dictionary<string, Dictionary<string, (int Held, int Want,
        DateTimeOffset Until)>> _holders = new(StringComparer.Ordinal);

    public Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit,
        TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_holders)
        {
            if (!_holders.TryGetValue(subscriptionId, out var holders))
            {
                _holders[subscriptionId] = holders = new(StringComparer.Ordinal);
            }

            foreach (var expired in holders.Where(h => h.Value.Until <= now).Select(h => h.Key).ToList())
            {
                holders.Remove(expired);
            }

            var others = holders.Where(h => h.Key != instance).Select(h => h.Value).ToList();
            var cap = others.Any(o => o.Want > o.Held) ? (limit + others.Count) / (others.Count + 1) : limit;
            var granted = Math.Max(0, Math.Min(want, Math.Min(limit - others.Sum(o => o.Held), cap)));
            if (want > 0 || inFlight > 0)
            {
                holders[instance] = (Math.Max(granted, inFlight), want, now + lease);
            }
            else
            {
                holders.Remove(instance);
            }

            return Task.FromResult(granted);
        }
    }
}
