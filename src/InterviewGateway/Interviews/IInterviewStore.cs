using InterviewGateway.Events;

namespace InterviewGateway.Interviews;

/// Tracked interviews. Writers use compare-and-swap on `Version` so a poll, a webhook and a request
/// racing on one interview (on one instance or several) never lose each other's changes.
internal interface IInterviewStore
{
    Task<Interview?> GetAsync(string id, CancellationToken cancellationToken);

    /// Adds with the interview's Version (at least 1; see InterviewSequence) and appends `events` in the
    /// same commit; null when the id is already stored, else the events that were not stored before (those
    /// the caller relays).
    Task<IReadOnlyList<GatewayEvent>?> TryAddAsync(Interview interview, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken);

    /// Stores `updated` with its Version (at least expectedVersion + 1) if the stored Version is still
    /// expectedVersion, and appends `events` in the same commit; null when the version moved on.
    Task<IReadOnlyList<GatewayEvent>?> TryReplaceAsync(
        Interview updated, long expectedVersion, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// Newest tracked first; the cursor is opaque.
    Task<Page<Interview>> ListAsync(InterviewQuery query, CancellationToken cancellationToken);
}
