using InterviewGateway.Events;
using InterviewGateway.Interviews;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Infrastructure;

/// Wraps the host's interview store. When armed, a commit that stores events succeeds and then throws
/// the way a Redis timeout on the reply does: the change is stored, but the caller never hears so.
internal sealed class FaultyInterviewStore(IInterviewStore inner, StoreFaults faults) : IInterviewStore
{
    public Task<Interview?> GetAsync(string id, CancellationToken cancellationToken)
    {
        faults.Read(id);
        return inner.GetAsync(id, cancellationToken);
    }

    public async Task<IReadOnlyList<GatewayEvent>?> TryAddAsync(Interview interview,
        IReadOnlyList<GatewayEvent> events, CancellationToken cancellationToken) =>
        faults.AfterCommit(await inner.TryAddAsync(interview, events, cancellationToken));

    public async Task<IReadOnlyList<GatewayEvent>?> TryReplaceAsync(
        Interview updated, long expectedVersion, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken) =>
        faults.LoseRace()
            ? null
            : faults.AfterCommit(await inner.TryReplaceAsync(updated, expectedVersion, events, cancellationToken));

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id,
        cancellationToken);

    public Task<Page<Interview>> ListAsync(InterviewQuery query, CancellationToken cancellationToken) =>
        inner.ListAsync(query, cancellationToken);
}

public sealed class StoreFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _reads =
        new(StringComparer.Ordinal);
    private int _remaining;
    private int _races;

    /// How often the store was asked for interview `id`.
    public int ReadsOf(string id) => _reads.GetValueOrDefault(id);

    internal void Read(string id) => _reads.AddOrUpdate(id, 1, (_, n) => n + 1);

    /// The next `count` replaces lose their compare-and-swap, as if another writer always came first.
    public void LoseRaces(int count) => Interlocked.Exchange(ref _races, count);

    internal bool LoseRace() => Interlocked.Decrement(ref _races) >= 0;

    /// The next `count` commits that store events throw after committing.
    public void FailAfterCommit(int count) => Interlocked.Exchange(ref _remaining, count);

    internal IReadOnlyList<GatewayEvent>? AfterCommit(IReadOnlyList<GatewayEvent>? committed)
    {
        if (committed is { Count: > 0 } && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new RedisTimeoutException("Timeout awaiting response (injected after the commit)",
                CommandStatus.Sent);
        }

        return committed;
    }
}
