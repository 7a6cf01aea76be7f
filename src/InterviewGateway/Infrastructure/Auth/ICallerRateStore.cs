namespace InterviewGateway.Infrastructure.Auth;

/// Token buckets of callers' API keys: capacity = the per-minute limit, refilled at limit per minute.
internal interface ICallerRateStore
{
    /// Takes one token from the key's bucket: null when taken, else how long until one is available.
    Task<TimeSpan?> TryTakeAsync(string keyName, int perMinute, CancellationToken cancellationToken);
}

internal sealed class InMemoryCallerRateStore(TimeProvider time) : ICallerRateStore
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<TimeSpan?> TryTakeAsync(string keyName, int perMinute, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var (tokens, at) = _buckets.GetValueOrDefault(keyName, (perMinute, now));
            var (left, wait) = CallerBucket.Take(tokens, at, now, perMinute);
            _buckets[keyName] = (left, now);
            return Task.FromResult(wait);
        }
    }
}

/// The bucket arithmetic, the same as RedisCallerRateStore's script.
internal static class CallerBucket
{
    public static (double Tokens, TimeSpan? Wait) Take(double tokens, long at, long now, int perMinute)
    {
        tokens = Math.Min(perMinute, tokens + (Math.Max(0, now - at) * (double)perMinute / 60_000));
        return tokens >= 1
            ? (tokens - 1, null)
            : (tokens, TimeSpan.FromMilliseconds(Math.Ceiling((1 - tokens) * 60_000 / perMinute)));
    }
}
