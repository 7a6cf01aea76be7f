using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Storage;

internal sealed class RedisKeyValueStore(IConnectionMultiplexer redis) : IKeyValueStore
{
    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken)
        => ttl is { } expiry
        ? redis.GetDatabase().StringSetAsync(key, value, expiry, When.NotExists)
        : redis.GetDatabase().StringSetAsync(key, value, when: When.NotExists);

    public Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken)
        => ttl is { } expiry
        ? redis.GetDatabase().StringSetAsync(key, value, expiry)
        : redis.GetDatabase().StringSetAsync(key, value);

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringGetAsync(key);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => redis.GetDatabase().KeyDeleteAsync(key);
}
