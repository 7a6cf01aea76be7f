using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Infrastructure.Hangfire;

/// A lease in the shared store that a long job holds while it runs (issue 17): Hangfire starts a job
/// again once its fetch is older than `Hangfire:InvisibilityTimeout` (5 min, so a dead instance's jobs
/// come back soon), and a reconciliation of 1,000 interviews at 60/min runs ~17 min. The second run finds
/// the lease held and exits at once; the first renews it as it goes, and stops if it ever lost it.
internal sealed class JobLease : IAsyncDisposable
{
    private readonly IKeyValueStore _store;
    private readonly string _key;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private DateTimeOffset _renewedAt;

    private JobLease(IKeyValueStore store, string key, TimeSpan ttl, TimeProvider time)
    {
        (_store, _key, _ttl, _time) = (store, key, ttl, time);
        _renewedAt = time.GetUtcNow();
    }

    /// Null when another run holds the lease.
    public static async Task<JobLease?> TryAcquireAsync(IKeyValueStore store, string key, TimeSpan ttl,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var lease = new JobLease(store, key, ttl, time);
        return await store.SetIfAbsentAsync(key, lease._token, ttl, cancellationToken) ? lease : null;
    }

    /// Renews the lease once a third of it has passed; false when it was lost (expired and taken).
    public async Task<bool> KeepAsync(CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() - _renewedAt < _ttl / 3)
        {
            return true;
        }

        if (await _store.GetAsync(_key, cancellationToken) != _token)
        {
            return false;
        }

        await _store.SetAsync(_key, _token, _ttl, cancellationToken);
        _renewedAt = _time.GetUtcNow();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (await _store.GetAsync(_key, CancellationToken.None) == _token)
        {
            await _store.DeleteAsync(_key, CancellationToken.None);
        }
    }
}
