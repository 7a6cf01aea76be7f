using InterviewGateway.Delivery;
using InterviewGateway.Events;
using InterviewGateway.Interviews;

namespace InterviewGateway.Simulation;

/// A store the simulation wraps to watch it.
internal interface IObserved
{
    object Inner { get; }
}

/// An event as the interview store committed it, at the virtual (Redis) time of the commit.
internal sealed record Commit(DateTimeOffset At, string EventId, string Type, string InterviewId, long Sequence);

/// The shared interview store, observed: every event a commit newly stored is recorded in commit order,
/// which is the order `sequence` must increase in.
internal sealed class ObservedInterviewStore(IInterviewStore inner, SimulationContext context) : IInterviewStore,
    IObserved
{
    public object Inner => inner;

    public Task<Interview?> GetAsync(string id, CancellationToken cancellationToken) =>
        inner.GetAsync(id, cancellationToken);

    public async Task<IReadOnlyList<GatewayEvent>?> TryAddAsync(Interview interview,
        IReadOnlyList<GatewayEvent> events, CancellationToken cancellationToken) =>
        Record(await inner.TryAddAsync(interview, events, cancellationToken));

    public async Task<IReadOnlyList<GatewayEvent>?> TryReplaceAsync(Interview updated, long expectedVersion,
        IReadOnlyList<GatewayEvent> events, CancellationToken cancellationToken) =>
        Record(await inner.TryReplaceAsync(updated, expectedVersion, events, cancellationToken));

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        inner.DeleteAsync(id, cancellationToken);

    public Task<Page<Interview>> ListAsync(InterviewQuery query, CancellationToken cancellationToken) =>
        inner.ListAsync(query, cancellationToken);

    private IReadOnlyList<GatewayEvent>? Record(IReadOnlyList<GatewayEvent>? stored)
    {
        if (stored is { Count: > 0 })
        {
            context.Checker.OnCommit([.. stored.Select(e =>
                new Commit(context.Clock.GetUtcNow(), e.Id, e.Type, e.InterviewId, e.Sequence))]);
        }

        return stored;
    }
}

/// The shared subscription store, observed: the virtual time at which the gateway disabled a
/// subscription by itself (not through the API).
internal sealed class ObservedSubscriptionStore(ISubscriptionStore inner, SimulationContext context)
    : ISubscriptionStore, IObserved
{
    public object Inner => inner;

    private const string ApiReason = "Disabled through the API.";

    public Task SaveAsync(Subscription subscription, CancellationToken cancellationToken) =>
        inner.SaveAsync(subscription, cancellationToken);

    public Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken) =>
        inner.GetAsync(id, cancellationToken);

    /// The store retries `change` when a concurrent update won (compare-and-swap), so only the change it
    /// stored counts: two attempts disabling one subscription at once disable it once.
    public async Task<Subscription?> UpdateAsync(string id, Func<Subscription, Subscription?> change,
        CancellationToken cancellationToken)
    {
        (Subscription Next, DateTimeOffset At)? disabled = null;
        var updated = await inner.UpdateAsync(id, current =>
        {
            var next = change(current);
            disabled = current.Enabled && next is { Enabled: false } && next.DisabledReason != ApiReason
                ? (next, context.Clock.GetUtcNow()) : null;
            return next;
        }, cancellationToken);
        if (disabled is { } d && ReferenceEquals(updated, d.Next))
        {
            context.Checker.OnAutoDisable(id, d.At, d.Next.DisabledReason);
        }

        return updated;
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        inner.DeleteAsync(id, cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) =>
        inner.ListAsync(cancellationToken);

    public Task<long> GetVersionAsync(CancellationToken cancellationToken) => inner.GetVersionAsync(cancellationToken);

    public Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        inner.AddAttemptAsync(subscriptionId, attempt, cancellationToken);

    public Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(string subscriptionId,
        CancellationToken cancellationToken) => inner.ListAttemptsAsync(subscriptionId, cancellationToken);

    public Task PruneAttemptsAsync(string subscriptionId, DateTimeOffset before,
        CancellationToken cancellationToken) => inner.PruneAttemptsAsync(subscriptionId, before, cancellationToken);

    public Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken) =>
        inner.HoldAsync(subscriptionId, eventId, attempt, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> ListHeldAsync(string subscriptionId,
        CancellationToken cancellationToken) => inner.ListHeldAsync(subscriptionId, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> TakeHeldAsync(string subscriptionId,
        CancellationToken cancellationToken) => inner.TakeHeldAsync(subscriptionId, cancellationToken);
}
