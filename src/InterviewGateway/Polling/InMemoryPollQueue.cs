namespace InterviewGateway.Polling;

internal sealed class InMemoryPollQueue : IPollQueue
{
    private readonly Dictionary<string, Dictionary<string, (long Due, long Since)>> _vendors =
        new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task ScheduleAsync(
        string vendor, string interviewId, DateTimeOffset dueAt, DateTimeOffset trackedSince,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Items(vendor)[interviewId] = (dueAt.ToUnixTimeMilliseconds(), trackedSince.ToUnixTimeMilliseconds());
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string vendor, string interviewId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Items(vendor).Remove(interviewId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> LeaseDueAsync(
        string vendor, DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = Items(vendor);
            var nowMs = now.ToUnixTimeMilliseconds();
            var due = items.Where(kv => kv.Value.Due <= nowMs)
                .OrderBy(kv => TierOf(kv.Value.Due, kv.Value.Since)).ThenBy(kv => kv.Value.Due)
                    .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(max).Select(kv => kv.Key).ToList();
            foreach (var id in due)
            {
                items[id] = (nowMs + (long)lease.TotalMilliseconds, items[id].Since);
            }

            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    public Task<DateTimeOffset?> NextDueAsync(string vendor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = Items(vendor);
            return Task.FromResult(
                items.Count == 0 ? (DateTimeOffset?)null
                : DateTimeOffset.FromUnixTimeMilliseconds(items.Values.Min(v => v.Due)));
        }
    }

    public Task<DateTimeOffset?> TrackedSinceAsync(
        string vendor, string interviewId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(
                Items(vendor).TryGetValue(interviewId, out var item)
                ? DateTimeOffset.FromUnixTimeMilliseconds(item.Since) : (DateTimeOffset?)null);
        }
    }

    public Task<long[]> CountByAgeAsync(
        string vendor, DateTimeOffset now, IReadOnlyList<TimeSpan> boundaries, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var counts = new long[boundaries.Count + 1];
            foreach (var (_, since) in Items(vendor).Values)
            {
                var age = now - DateTimeOffset.FromUnixTimeMilliseconds(since);
                var tier = 0;
                while (tier < boundaries.Count && age >= boundaries[tier])
                {
                    tier++;
                }

                counts[tier]++;
            }

            return Task.FromResult(counts);
        }
    }

    /// An item's age tier is its age when it falls due.
    internal static int TierOf(long dueMs, long sinceMs) =>
        PollPlanner.Tier(TimeSpan.FromMilliseconds(dueMs - sinceMs));

    private Dictionary<string, (long Due, long Since)> Items(string vendor) =>
        _vendors.TryGetValue(vendor, out var items) ? items : _vendors[vendor] = new(StringComparer.Ordinal);
}
