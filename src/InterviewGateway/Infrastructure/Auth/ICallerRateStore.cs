namespace InterviewGateway.Infrastructure.Auth;

/// Token buckets of callers' API keys: capacity = the per-minute limit, refilled at limit per minute.
internal interface ICallerRateStore
{
    /// Takes one token from the key's bucket: null when taken, else how long until one is available.
    Task<TimeSpan?> TryTakeAsync(string keyName, int perMinute, CancellationToken cancellationToken);
}
