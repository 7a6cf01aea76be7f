using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// At most `max_concurrency` requests in flight per subscription, across instances (contract section 6).
/// Each slot is a lease that expires on its own, so an instance that dies mid-request frees its slot.
internal interface IDeliverySlots
{
    /// A lease id when a slot was free, else null; never waits.
    Task<string?> TryAcquireAsync(string subscriptionId, int limit, TimeSpan lease, CancellationToken cancellationToken);

    Task ReleaseAsync(string subscriptionId, string lease, CancellationToken cancellationToken);
}

internal sealed class InMemoryDeliverySlots(TimeProvider time) : IDeliverySlots
{
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _leases = new(StringComparer.Ordinal);

    public Task<string?> TryAcquireAsync(string subscriptionId, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_leases)
        {
            if (!_leases.TryGetValue(subscriptionId, out var held))
            {
                _leases[subscriptionId] = held = new(StringComparer.Ordinal);
            }

            foreach (var expired in held.Where(l => l.Value <= now).Select(l => l.Key).ToList())
            {
                held.Remove(expired);
            }

            if (held.Count >= limit)
            {
                return Task.FromResult<string?>(null);
            }

            var id = Guid.NewGuid().ToString("N");
            held[id] = now + lease;
            return Task.FromResult<string?>(id);
        }
    }

    public Task ReleaseAsync(string subscriptionId, string lease, CancellationToken cancellationToken)
    {
        lock (_leases)
        {
            if (_leases.TryGetValue(subscriptionId, out var held))
            {
                held.Remove(lease);
            }
        }

        return Task.CompletedTask;
    }
}

/// A sorted set of lease id → expiry (ms) per subscription; expired leases are dropped before counting.
internal sealed class RedisDeliverySlots(IConnectionMultiplexer redis, RedisKeys keys) : IDeliverySlots
{
    // KEYS[1] slots. ARGV[1] limit, ARGV[2] lease id, ARGV[3] lease ms. Time is Redis's own clock, so
    // instances with skewed clocks never expire each other's live leases.
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    public async Task<string?> TryAcquireAsync(string subscriptionId, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var acquired = (long)await redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, [keys.DeliverySlots(subscriptionId)],
            [limit, id, (long)lease.TotalMilliseconds]);
        return acquired == 1 ? id : null;
    }

    public Task ReleaseAsync(string subscriptionId, string lease, CancellationToken cancellationToken) =>
        redis.GetDatabase().SortedSetRemoveAsync(keys.DeliverySlots(subscriptionId), lease);
}
