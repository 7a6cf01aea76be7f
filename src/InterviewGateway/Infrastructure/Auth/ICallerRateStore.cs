namespace InterviewGateway.Infrastructure.Auth;

/// Token buckets of callers' API keys: capacity = the per-minute limit, refilled at limit per minute.
internal interface ICallerRateStore
{
    /// Takes one token from the key's bucket if it has one; says what is left either way.
    Task<CallerAllowance> TryTakeAsync(string keyName, int perMinute, CancellationToken cancellationToken);
}
