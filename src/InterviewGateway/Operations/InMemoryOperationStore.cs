using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Storage;

namespace InterviewGateway.Operations;

/// The embedded default: one process, so a lease only matters between its own runs.
internal sealed class InMemoryOperationStore(TimeProvider time) : IOperationStore, IEvictable
{
    private readonly Dictionary<string, (Operation Operation, string? Owner, DateTimeOffset LeaseEnd)> _all =
        new(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    public Task CreateAsync(Operation operation, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _all[operation.Id] = (operation, owner, time.GetUtcNow() + lease);
        }

        return Task.CompletedTask;
    }

    public Task<Operation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_all.TryGetValue(id, out var entry) ? entry.Operation : null);
        }
    }

    public Task<bool> SaveAsync(Operation operation, string owner, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_all.TryGetValue(operation.Id, out var entry) || entry.Owner != owner)
            {
                return Task.FromResult(false);
            }

            var running = operation.State == OperationState.Running;
            _all[operation.Id] = (operation, running ? owner : null, running ? time.GetUtcNow() + lease : default);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ClaimAbandonedAsync(string owner, TimeSpan lease, int max,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            IReadOnlyList<string> claimed = [.. _all.Where(e => e.Value.Owner is not null && e.Value.LeaseEnd <= now)
                .Take(max).Select(e => e.Key)];
            foreach (var id in claimed)
            {
                _all[id] = (_all[id].Operation, owner, now + lease);
            }

            return Task.FromResult(claimed);
        }
    }

    public void EvictExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var id in _all.Where(e => e.Value.Operation.CreatedAt <= now - IOperationStore.Retention)
                .Select(e => e.Key).ToList())
            {
                _all.Remove(id);
            }
        }
    }
}
