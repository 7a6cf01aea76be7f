using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Polling;

/// The due queue: per vendor, interview ids scored by when they are next due, plus their tracking
/// start (for age tiers). Leasing takes overdue items youngest tier first (then most overdue), so after
/// a backlog the interviews most likely to complete are polled first; it pushes an item's due time
/// forward, so a crashed poller's item comes back by itself and two instances never poll it at once.
internal interface IPollQueue
{
    Task ScheduleAsync(string vendor, string interviewId, DateTimeOffset dueAt, DateTimeOffset trackedSince, CancellationToken cancellationToken);

    Task RemoveAsync(string vendor, string interviewId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LeaseDueAsync(string vendor, DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken);

    Task<DateTimeOffset?> NextDueAsync(string vendor, CancellationToken cancellationToken);

    Task<DateTimeOffset?> TrackedSinceAsync(string vendor, string interviewId, CancellationToken cancellationToken);

    /// How many tracked interviews are younger than each boundary's age, and the rest.
    Task<long[]> CountByAgeAsync(string vendor, DateTimeOffset now, IReadOnlyList<TimeSpan> boundaries, CancellationToken cancellationToken);
}

internal sealed class InMemoryPollQueue : IPollQueue
{
    private readonly Dictionary<string, Dictionary<string, (long Due, long Since)>> _vendors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task ScheduleAsync(string vendor, string interviewId, DateTimeOffset dueAt, DateTimeOffset trackedSince, CancellationToken cancellationToken)
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

    public Task<IReadOnlyList<string>> LeaseDueAsync(string vendor, DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = Items(vendor);
            var nowMs = now.ToUnixTimeMilliseconds();
            var due = items.Where(kv => kv.Value.Due <= nowMs)
                .OrderBy(kv => TierOf(kv.Value.Due, kv.Value.Since)).ThenBy(kv => kv.Value.Due).ThenBy(kv => kv.Key, StringComparer.Ordinal)
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
            return Task.FromResult(items.Count == 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(items.Values.Min(v => v.Due)));
        }
    }

    public Task<DateTimeOffset?> TrackedSinceAsync(string vendor, string interviewId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Items(vendor).TryGetValue(interviewId, out var item) ? DateTimeOffset.FromUnixTimeMilliseconds(item.Since) : (DateTimeOffset?)null);
        }
    }

    public Task<long[]> CountByAgeAsync(string vendor, DateTimeOffset now, IReadOnlyList<TimeSpan> boundaries, CancellationToken cancellationToken)
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
    internal static int TierOf(long dueMs, long sinceMs) => PollPlanner.Tier(TimeSpan.FromMilliseconds(dueMs - sinceMs));

    private Dictionary<string, (long Due, long Since)> Items(string vendor) =>
        _vendors.TryGetValue(vendor, out var items) ? items : _vendors[vendor] = new(StringComparer.Ordinal);
}

internal sealed class RedisPollQueue(IConnectionMultiplexer redis, RedisKeys keys) : IPollQueue
{
    private const int Tiers = 3;

    // KEYS: the tiers' due sets, youngest first. Takes up to ARGV[2] overdue ids, youngest tier first.
    private const string LeaseScript = """
        local taken = {}
        for _, key in ipairs(KEYS) do
          local room = tonumber(ARGV[2]) - #taken
          if room <= 0 then break end
          local ids = redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, room)
          for _, id in ipairs(ids) do
            redis.call('ZADD', key, 'XX', ARGV[3], id)
            taken[#taken + 1] = id
          end
        end
        return taken
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task ScheduleAsync(string vendor, string interviewId, DateTimeOffset dueAt, DateTimeOffset trackedSince, CancellationToken cancellationToken)
    {
        var tier = InMemoryPollQueue.TierOf(dueAt.ToUnixTimeMilliseconds(), trackedSince.ToUnixTimeMilliseconds());
        var tx = Db.CreateTransaction();
        for (var t = 0; t < Tiers; t++)
        {
            _ = t == tier
                ? tx.SortedSetAddAsync(keys.PollDue(vendor, t), interviewId, dueAt.ToUnixTimeMilliseconds())
                : tx.SortedSetRemoveAsync(keys.PollDue(vendor, t), interviewId);
        }

        _ = tx.SortedSetAddAsync(keys.PollAge(vendor), interviewId, trackedSince.ToUnixTimeMilliseconds());
        await tx.ExecuteAsync();
    }

    public async Task RemoveAsync(string vendor, string interviewId, CancellationToken cancellationToken)
    {
        var tx = Db.CreateTransaction();
        for (var t = 0; t < Tiers; t++)
        {
            _ = tx.SortedSetRemoveAsync(keys.PollDue(vendor, t), interviewId);
        }

        _ = tx.SortedSetRemoveAsync(keys.PollAge(vendor), interviewId);
        await tx.ExecuteAsync();
    }

    public async Task<IReadOnlyList<string>> LeaseDueAsync(string vendor, DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(LeaseScript, DueKeys(vendor),
            [now.ToUnixTimeMilliseconds(), max, (now + lease).ToUnixTimeMilliseconds()]))!;
        return [.. result.Select(r => (string)r!)];
    }

    public async Task<DateTimeOffset?> NextDueAsync(string vendor, CancellationToken cancellationToken)
    {
        var firsts = await Task.WhenAll(DueKeys(vendor).Select(key => Db.SortedSetRangeByRankWithScoresAsync(key, 0, 0)));
        var scores = firsts.Where(f => f.Length > 0).Select(f => (long)f[0].Score).ToList();
        return scores.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(scores.Min());
    }

    public async Task<DateTimeOffset?> TrackedSinceAsync(string vendor, string interviewId, CancellationToken cancellationToken) =>
        await Db.SortedSetScoreAsync(keys.PollAge(vendor), interviewId) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;

    public async Task<long[]> CountByAgeAsync(string vendor, DateTimeOffset now, IReadOnlyList<TimeSpan> boundaries, CancellationToken cancellationToken)
    {
        var counts = new long[boundaries.Count + 1];
        var upper = double.PositiveInfinity;
        for (var i = 0; i < boundaries.Count; i++)
        {
            var lower = (now - boundaries[i]).ToUnixTimeMilliseconds();
            counts[i] = await Db.SortedSetLengthAsync(keys.PollAge(vendor), lower, upper, Exclude.Start);
            upper = lower;
        }

        counts[^1] = await Db.SortedSetLengthAsync(keys.PollAge(vendor), double.NegativeInfinity, upper);
        return counts;
    }

    private RedisKey[] DueKeys(string vendor) => [.. Enumerable.Range(0, Tiers).Select(t => (RedisKey)keys.PollDue(vendor, t))];
}
