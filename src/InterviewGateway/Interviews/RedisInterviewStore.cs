using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Interviews;

/// Each interview is a hash {v: version, d: json}; a Lua script does the compare-and-swap so two
/// instances updating one interview can't both win.
internal sealed class RedisInterviewStore(IConnectionMultiplexer redis, RedisKeys keys) : IInterviewStore
{
    private const string AddScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'v', '1', 'd', ARGV[1])
        redis.call('ZADD', KEYS[2], 0, ARGV[2])
        return 1
        """;

    private const string ReplaceScript = """
        if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<Interview?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(keys.Interview(id), ["v", "d"]);
        return Read(values);
    }

    public async Task<bool> TryAddAsync(Interview interview, CancellationToken cancellationToken)
    {
        var stored = interview with { Version = 1 };
        var result = await Db.ScriptEvaluateAsync(AddScript,
            [keys.Interview(interview.Id), keys.InterviewIndex],
            [Serialize(stored), InterviewIndex.Member(interview)]);
        return (int)result == 1;
    }

    public async Task<bool> TryReplaceAsync(Interview updated, long expectedVersion, CancellationToken cancellationToken)
    {
        var next = updated with { Version = expectedVersion + 1 };
        var result = await Db.ScriptEvaluateAsync(ReplaceScript,
            [keys.Interview(updated.Id)],
            [expectedVersion, next.Version, Serialize(next)]);
        return (int)result == 1;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(id, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        var tx = Db.CreateTransaction();
        _ = tx.SortedSetRemoveAsync(keys.InterviewIndex, InterviewIndex.Member(existing));
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
            var batch = await Db.SortedSetRangeByValueAsync(keys.InterviewIndex, from, RedisValue.Null, exclude, Order.Ascending, 0, 100);
            if (batch.Length == 0)
            {
                return new Page<Interview>(items, null);
            }

            var reads = batch.Select(m => Db.HashGetAsync(keys.Interview(InterviewIndex.IdOf(m!)), ["v", "d"])).ToArray();
            var loaded = await Task.WhenAll(reads);
            for (var i = 0; i < batch.Length; i++)
            {
                if (Read(loaded[i]) is { } interview && query.Matches(interview))
                {
                    items.Add(interview);
                    if (items.Count == query.Limit)
                    {
                        return new Page<Interview>(items, await HasMoreAfterAsync(batch[i]!) ? InterviewIndex.EncodeCursor(batch[i]!) : null);
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
        (await Db.SortedSetRangeByValueAsync(keys.InterviewIndex, member, RedisValue.Null, Exclude.Start, Order.Ascending, 0, 1)).Length > 0;

    private static Interview? Read(RedisValue[] values) =>
        values[1].IsNull ? null : JsonSerializer.Deserialize<Interview>((string)values[1]!, GatewayJson.Store)! with { Version = (long)values[0] };

    private static string Serialize(Interview interview) => JsonSerializer.Serialize(interview, GatewayJson.Store);
}
