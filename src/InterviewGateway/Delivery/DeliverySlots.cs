using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// At most `max_concurrency` requests in flight per subscription, across instances (contract section 6).
/// Each instance holds a block of a subscription's slots under a lease it renews while it delivers and
/// gives back when idle, so a delivery costs no Redis command of its own; an instance that dies stops
/// renewing and its slots free themselves when the lease ends.
internal interface IDeliverySlots
{
    /// Sets how many slots `instance` holds to min(`want`, what others leave of `limit`), but never below
    /// `inFlight` (requests already running cannot be recalled). Returns the slots now held.
    Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit, TimeSpan lease,
        CancellationToken cancellationToken);
}

internal sealed class InMemoryDeliverySlots(TimeProvider time) : IDeliverySlots
{
    private readonly Dictionary<string, Dictionary<string, (int Count, DateTimeOffset Until)>> _held = new(StringComparer.Ordinal);

    public Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_held)
        {
            if (!_held.TryGetValue(subscriptionId, out var holders))
            {
                _held[subscriptionId] = holders = new(StringComparer.Ordinal);
            }

            foreach (var expired in holders.Where(h => h.Value.Until <= now).Select(h => h.Key).ToList())
            {
                holders.Remove(expired);
            }

            var others = holders.Where(h => h.Key != instance).Sum(h => h.Value.Count);
            var granted = Math.Max(inFlight, Math.Max(0, Math.Min(want, limit - others)));
            if (granted > 0)
            {
                holders[instance] = (granted, now + lease);
            }
            else
            {
                holders.Remove(instance);
            }

            return Task.FromResult(granted);
        }
    }
}

/// A hash of instance → slots held and a sorted set of instance → lease end (ms, Redis's own clock, so
/// skewed instance clocks never expire each other's live leases); one script reserves.
internal sealed class RedisDeliverySlots(IConnectionMultiplexer redis, RedisKeys keys) : IDeliverySlots
{
    // KEYS[1] holders hash, KEYS[2] lease ends. ARGV[1] instance, ARGV[2] want, ARGV[3] in flight,
    // ARGV[4] limit, ARGV[5] lease ms.
    private const string ReserveScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
        if #expired > 0 then
          redis.call('HDEL', KEYS[1], unpack(expired))
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        end
        local others = 0
        local all = redis.call('HGETALL', KEYS[1])
        for i = 1, #all, 2 do
          if all[i] ~= ARGV[1] then others = others + tonumber(all[i + 1]) end
        end
        local granted = math.max(tonumber(ARGV[3]), math.max(0, math.min(tonumber(ARGV[2]), tonumber(ARGV[4]) - others)))
        if granted > 0 then
          redis.call('HSET', KEYS[1], ARGV[1], granted)
          redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          redis.call('PEXPIRE', KEYS[2], ARGV[5])
        else
          redis.call('HDEL', KEYS[1], ARGV[1])
          redis.call('ZREM', KEYS[2], ARGV[1])
        end
        return granted
        """;

    public async Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit, TimeSpan lease,
        CancellationToken cancellationToken) =>
        (int)(long)await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript,
            [keys.DeliverySlots(subscriptionId), keys.DeliverySlotLeases(subscriptionId)],
            [instance, want, inFlight, limit, (long)lease.TotalMilliseconds]);
}
