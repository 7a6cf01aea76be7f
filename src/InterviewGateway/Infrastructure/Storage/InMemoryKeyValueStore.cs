using System.Collections.Concurrent;

namespace InterviewGateway.Infrastructure.Storage;

internal sealed class InMemoryKeyValueStore(TimeProvider time) : IKeyValueStore, IEvictable
{
    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset? Expires)> _values =
        new(StringComparer.Ordinal);

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        // Not by comparing the stored value with ours: two callers may well pass equal strings.
        var now = time.GetUtcNow();
        (string, DateTimeOffset?) fresh = (value, now + ttl);
        while (true)
        {
            if (_values.TryAdd(key, fresh))
            {
                return Task.FromResult(true);
            }

            if (_values.TryGetValue(key, out var existing))
            {
                if (!(existing.Expires <= now))
                {
                    return Task.FromResult(false);
                }

                if (_values.TryUpdate(key, fresh, existing))
                {
                    return Task.FromResult(true);
                }
            }
        }
    }

    public Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        _values[key] = (value, time.GetUtcNow() + ttl);
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_values.TryGetValue(key, out var entry) && !(entry.Expires <= time.GetUtcNow()) ? entry.Value
            : null);

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _values.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public void EvictExpired(DateTimeOffset now)
    {
        foreach (var (key, entry) in _values)
        {
            if (entry.Expires <= now)
            {
                _values.TryRemove(new KeyValuePair<string, (string, DateTimeOffset?)>(key, entry));
            }
        }
    }
}
