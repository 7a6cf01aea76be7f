namespace InterviewGateway.Infrastructure.Storage;

/// Small string values with expiry: webhook dedupe marks and registered vendor secrets.
/// Keys are built by RedisKeys in both implementations.
internal interface IKeyValueStore
{
    /// True when this call stored the value (first writer wins).
    Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken);

    Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken);

    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
