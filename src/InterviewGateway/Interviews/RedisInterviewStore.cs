using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Events;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.Interviews;

/// Each interview is a hash {v: version, d: json}; one Lua script does the compare-and-swap (so two
/// instances updating one interview can't both win) and appends the events the change implies, so the
/// change and its events commit together. Stopped interviews expire after `Retention:StoppedInterviews`.
internal sealed class RedisInterviewStore(IConnectionMultiplexer redis, RedisKeys keys, RetentionOptions retention,
    TimeProvider time)
    : IInterviewStore
{
    // KEYS[3] the interview, KEYS[4] the interview index; ARGV[4] expected version, ARGV[5] new version,
    // ARGV[6] json, ARGV[7] TTL in ms (0: none), ARGV[8] index member. The events follow (RedisEventCommit).
    private const string AddScript = RedisEventCommit.AppendFunction + """
        if redis.call('EXISTS', KEYS[3]) == 1 then return false end
        redis.call('HSET', KEYS[3], 'v', ARGV[5], 'd', ARGV[6])
        if tonumber(ARGV[7]) > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[7]) end
        redis.call('ZADD', KEYS[4], 0, ARGV[8])
        return append_events()
        """;

    private const string ReplaceScript = RedisEventCommit.AppendFunction + """
        if redis.call('HGET', KEYS[3], 'v') ~= ARGV[4] then return false end
        redis.call('HSET', KEYS[3], 'v', ARGV[5], 'd', ARGV[6])
        if tonumber(ARGV[7]) > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[7]) else redis.call('PERSIST', KEYS[3]) end
        return append_events()
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<Interview?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(keys.Interview(id), ["v", "d"]);
        return Read(values);
    }

    public Task<IReadOnlyList<GatewayEvent>?> TryAddAsync(Interview interview, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken) =>
        CommitAsync(AddScript, interview with { Version = Math.Max(1, interview.Version) }, 0, events);

    public Task<IReadOnlyList<GatewayEvent>?> TryReplaceAsync(
        Interview updated, long expectedVersion, IReadOnlyList<GatewayEvent> events,
        CancellationToken cancellationToken) =>
        CommitAsync(ReplaceScript, updated with { Version = Math.Max(expectedVersion + 1, updated.Version) },
            expectedVersion, events);

    private async Task<IReadOnlyList<GatewayEvent>?> CommitAsync(string script, Interview next, long expectedVersion,
        IReadOnlyList<GatewayEvent> events)
    {
        var ttl = next.Tracking.State == TrackingState.Stopped ? (long)retention.StoppedInterviews.TotalMilliseconds
            : 0;
        // The interview, its index partition and its events (ids from DetectedEvent) share one slot.
        var partition = keys.PartitionOf(next.Id);
        var (scriptKeys, args) = RedisEventCommit.Build(keys, partition, events, retention.Events, time.GetUtcNow(),
            [keys.Interview(next.Id), keys.InterviewIndex(partition)],
            [expectedVersion, next.Version, Serialize(next), ttl, InterviewIndex.Member(next)]);
        var result = await Db.ScriptEvaluateAsync(script, scriptKeys, args);
        return result.IsNull ? null : RedisEventCommit.Added(result, events);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        var tx = Db.CreateTransaction();
        _ = tx.SortedSetRemoveAsync(keys.InterviewIndex(keys.PartitionOf(id)), InterviewIndex.Member(existing));
        var deleted = tx.KeyDeleteAsync(keys.Interview(id));
        await tx.ExecuteAsync();
        return await deleted;
    }

    public async Task<Page<Interview>> ListAsync(InterviewQuery query, CancellationToken cancellationToken)
    {
        var items = new List<Interview>();
        // StackExchange.Redis adds the '[' / '(' range prefix itself: the lower bound is the cursor member
        // (excluded) and a null RedisValue means "-" / "+". Literal "-", "+" or "(member" would be taken as values.
        RedisValue from = query.Cursor is null ? RedisValue.Null : (RedisValue)query.Cursor;
        var exclude = query.Cursor is null ? Exclude.None : Exclude.Start;
        var scanned = 0;
        while (scanned < InterviewIndex.MaxScan)
        {
            var batch = await RedisPartitioned.RangeByValueAsync(Db, AllIndexes, from, RedisValue.Null, exclude,
                Order.Ascending, 100);
            if (batch.Length == 0)
            {
                return new Page<Interview>(items, null);
            }

            var reads = batch
                .Select(m => Db.HashGetAsync(keys.Interview(InterviewIndex.IdOf(m!)), ["v", "d"]))
                .ToArray();
            var loaded = await Task.WhenAll(reads);
            for (var i = 0; i < batch.Length; i++)
            {
                var found = Read(loaded[i]);
                if (found is null)
                {
                    // The interview expired (retention): its index member goes too.
                    _ = Db.SortedSetRemoveAsync(keys.InterviewIndex(keys.PartitionOf(InterviewIndex.IdOf(batch[i]!))),
                        batch[i], CommandFlags.FireAndForget);
                }

                if (found is { } interview && query.Matches(interview))
                {
                    items.Add(interview);
                    if (items.Count == query.Limit)
                    {
                        var more = await HasMoreAfterAsync(batch[i]!);
                        return new Page<Interview>(items, more ? InterviewIndex.EncodeCursor(batch[i]!) : null);
                    }
                }
            }

            scanned += batch.Length;
            from = batch[^1];
            exclude = Exclude.Start;
        }

        return new Page<Interview>(items, InterviewIndex.EncodeCursor(from!));
    }

    private async Task<bool> HasMoreAfterAsync(string member) =>
        (await RedisPartitioned.RangeByValueAsync(Db, AllIndexes, member, RedisValue.Null, Exclude.Start,
            Order.Ascending, 1)).Length > 0;

    // The index is split into partitions (RedisKeys); pages merge them into the one order.
    private RedisKey[] AllIndexes => [.. keys.AllPartitions.Select(p => (RedisKey)keys.InterviewIndex(p))];

    private static Interview? Read(RedisValue[] values) =>
        values[1].IsNull
            ? null
            : JsonSerializer.Deserialize<Interview>((string)values[1]!, GatewayJson.Store)! with
            {
                Version = (long)values[0],
            };

    private static string Serialize(Interview interview) => JsonSerializer.Serialize(interview, GatewayJson.Store);
}
