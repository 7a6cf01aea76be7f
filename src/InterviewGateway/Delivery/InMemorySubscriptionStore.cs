using System.Collections.Concurrent;

namespace InterviewGateway.Delivery;

internal sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<DeliveryAttempt>> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, int>> _held =
        new(StringComparer.Ordinal);
    private long _version;

    public Task SaveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        _subscriptions[subscription.Id] = subscription;
        Interlocked.Increment(ref _version);
        return Task.CompletedTask;
    }

    public Task<long> GetVersionAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Interlocked.Read(ref _version));

    public Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_subscriptions.GetValueOrDefault(id));

    public Task<Subscription?> UpdateAsync(string id, Func<Subscription, Subscription?> change,
        CancellationToken cancellationToken)
    {
        while (_subscriptions.TryGetValue(id, out var current))
        {
            if (change(current) is not { } updated)
            {
                return Task.FromResult<Subscription?>(null);
            }

            if (_subscriptions.TryUpdate(id, updated, current))
            {
                Interlocked.Increment(ref _version);
                return Task.FromResult<Subscription?>(updated);
            }
        }

        return Task.FromResult<Subscription?>(null);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        _attempts.TryRemove(id, out _);
        _held.TryRemove(id, out _);
        var removed = _subscriptions.TryRemove(id, out _);
        Interlocked.Increment(ref _version);
        return Task.FromResult(removed);
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Subscription>>(
            [.. _subscriptions.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);

    public Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        var list = _attempts.GetOrAdd(subscriptionId, _ => []);
        lock (list)
        {
            list.Insert(0, attempt);
            if (list.Count > SubscriptionLimits.AttemptsKept)
            {
                list.RemoveAt(list.Count - 1);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(string subscriptionId,
        CancellationToken cancellationToken)
    {
        var list = _attempts.GetOrAdd(subscriptionId, _ => []);
        lock (list)
        {
            return Task.FromResult<IReadOnlyList<DeliveryAttempt>>([.. list]);
        }
    }

    public Task PruneAttemptsAsync(string subscriptionId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        if (_attempts.TryGetValue(subscriptionId, out var list))
        {
            lock (list)
            {
                list.RemoveAll(a => a.AttemptedAt < before);
            }
        }

        return Task.CompletedTask;
    }

    public Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken)
    {
        _held.GetOrAdd(subscriptionId, _ => new(StringComparer.Ordinal))[eventId] = attempt;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, int>> ListHeldAsync(string subscriptionId,
        CancellationToken cancellationToken) =>
        Task.FromResult(Copy(_held.TryGetValue(subscriptionId, out var held) ? held : null));

    public Task<IReadOnlyDictionary<string, int>> TakeHeldAsync(string subscriptionId,
        CancellationToken cancellationToken) =>
        Task.FromResult(Copy(_held.TryRemove(subscriptionId, out var held) ? held : null));

    private static IReadOnlyDictionary<string, int> Copy(ConcurrentDictionary<string, int>? held) =>
        held is null ? new Dictionary<string, int>() : new Dictionary<string, int>(held);
}
