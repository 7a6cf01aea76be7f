namespace InterviewGateway.Infrastructure.Storage;

/// The one clock every instance agrees on (issue 17): Redis's `TIME` when Redis is the store, else the
/// process's TimeProvider. Anything one instance stamps and another compares (when a subscription was
/// created against when an event was stored) or that must only grow across instances (`sequence`) reads
/// it; each host's own clock may be seconds off.
internal interface ISharedClock
{
    Task<DateTimeOffset> GetUtcNowAsync(CancellationToken cancellationToken);
}

internal sealed class InMemorySharedClock(TimeProvider time) : ISharedClock
{
    public Task<DateTimeOffset> GetUtcNowAsync(CancellationToken cancellationToken) =>
        Task.FromResult(time.GetUtcNow());
}
