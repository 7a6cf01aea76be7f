using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

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
