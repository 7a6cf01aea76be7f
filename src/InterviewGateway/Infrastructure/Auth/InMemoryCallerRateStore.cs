namespace InterviewGateway.Infrastructure.Auth;

internal sealed class InMemoryCallerRateStore(TimeProvider time) : ICallerRateStore
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<CallerAllowance> TryTakeAsync(string keyName, int perMinute, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var (tokens, at) = _buckets.GetValueOrDefault(keyName, (perMinute, now));
            var allowance = CallerBucket.Take(tokens, at, now, perMinute);
            _buckets[keyName] = (allowance.Tokens, now);
            return Task.FromResult(allowance);
        }
    }
}
