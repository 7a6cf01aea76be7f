using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Polling;

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

    public async Task ScheduleAsync(
        string vendor, string interviewId, DateTimeOffset dueAt, DateTimeOffset trackedSince,
        CancellationToken cancellationToken)
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

    public async Task<IReadOnlyList<string>> LeaseDueAsync(
        string vendor, DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(LeaseScript, DueKeys(vendor),
            [now.ToUnixTimeMilliseconds(), max, (now + lease).ToUnixTimeMilliseconds()]))!;
        return [.. result.Select(r => (string)r!)];
    }

    public async Task<DateTimeOffset?> NextDueAsync(string vendor, CancellationToken cancellationToken)
    {
        var firsts = await Task.WhenAll(
            DueKeys(vendor).Select(key => Db.SortedSetRangeByRankWithScoresAsync(key, 0, 0)));
        var scores = firsts.Where(f => f.Length > 0).Select(f => (long)f[0].Score).ToList();
        return scores.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(scores.Min());
    }

    public async Task<DateTimeOffset?> TrackedSinceAsync(
        string vendor, string interviewId, CancellationToken cancellationToken) =>
        await Db.SortedSetScoreAsync(keys.PollAge(vendor), interviewId) is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;

    public async Task<long[]> CountByAgeAsync(
        string vendor, DateTimeOffset now, IReadOnlyList<TimeSpan> boundaries, CancellationToken cancellationToken)
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

    private RedisKey[] DueKeys(string vendor) =>
        [.. Enumerable.Range(0, Tiers).Select(t => (RedisKey)keys.PollDue(vendor, t))];
}
