using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// At most `max_concurrency` requests in flight per subscription, across instances (contract section 6).
/// Each instance holds a block of a subscription's slots under a lease it renews while it delivers and
/// gives back when idle, so a delivery costs no Redis command of its own; an instance that dies stops
/// renewing and its slots free themselves when the lease ends. When several instances want more than
/// they hold, each is capped at an equal share, so one busy instance cannot keep the others out.
internal interface IDeliverySlots
{
    /// Registers that `instance` wants `want` slots with `inFlight` requests running, and returns how many
    /// it may have in flight: at most what the others leave of `limit` (and its share while others wait).
    /// Requests already running stay counted until they finish, so the limit holds while an instance shrinks.
    Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit, TimeSpan lease,
        CancellationToken cancellationToken);
}

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

/// A hash of instance → "held:want" and a sorted set of instance → lease end (ms, Redis's own clock, so
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
        local others, rivals, waiting = 0, 0, false
        local all = redis.call('HGETALL', KEYS[1])
        for i = 1, #all, 2 do
          if all[i] ~= ARGV[1] then
            local held, want = string.match(all[i + 1], '^(%d+):(%d+)$')
            held, want = tonumber(held) or 0, tonumber(want) or 0
            others, rivals = others + held, rivals + 1
            if want > held then waiting = true end
          end
        end
        local limit, want, inflight = tonumber(ARGV[4]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local cap = limit
        if waiting then cap = math.floor((limit + rivals) / (rivals + 1)) end
        local granted = math.max(0, math.min(want, limit - others, cap))
        if want > 0 or inflight > 0 then
          redis.call('HSET', KEYS[1], ARGV[1], math.max(granted, inflight) .. ':' .. want)
          redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          redis.call('PEXPIRE', KEYS[2], ARGV[5])
        else
          redis.call('HDEL', KEYS[1], ARGV[1])
          redis.call('ZREM', KEYS[2], ARGV[1])
        end
        return granted
        """;

    public async Task<int> ReserveAsync(string subscriptionId, string instance, int want, int inFlight, int limit,
        TimeSpan lease,
        CancellationToken cancellationToken) =>
        (int)(long)await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript,
            [keys.DeliverySlots(subscriptionId), keys.DeliverySlotLeases(subscriptionId)],
            [instance, want, inFlight, limit, (long)lease.TotalMilliseconds]);
}
