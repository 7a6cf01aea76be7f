namespace InterviewGateway.Polling;

/// The due queue: per vendor, interview ids scored by when they are next due, plus their tracking
/// start (for age tiers). Leasing takes overdue items youngest tier first (then most overdue), so after
/// a backlog the interviews most likely to complete are polled first; it pushes an item's due time
/// forward, so a crashed poller's item comes back by itself and two instances never poll it at once.
internal interface IPollQueue
{
    Task ScheduleAsync(
        string vendor, string interviewId, DateTimeOffset dueAt, DateTimeOffset trackedSince,
        CancellationToken cancellationToken);

    Task RemoveAsync(string vendor, string interviewId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LeaseDueAsync(
        string vendor, DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken);

    Task<DateTimeOffset?> NextDueAsync(string vendor, CancellationToken cancellationToken);

    Task<DateTimeOffset?> TrackedSinceAsync(string vendor, string interviewId, CancellationToken cancellationToken);

    /// How many tracked interviews are younger than each boundary's age, and the rest.
    Task<long[]> CountByAgeAsync(
        string vendor, DateTimeOffset now, IReadOnlyList<TimeSpan> boundaries, CancellationToken cancellationToken);
}
