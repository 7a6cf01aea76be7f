using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Operations;

/// Each operation is a JSON string with the retention as TTL; `operations:leases` (id → lease end, ms on
/// Redis's clock) and `operations:owners` (id → instance) say who runs it. Scripts keep the three in step.
internal sealed class RedisOperationStore(IConnectionMultiplexer redis, RedisKeys keys) : IOperationStore
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // KEYS: operation, leases, owners. ARGV: id, json, retention ms, owner, lease ms, running (1/0),
    // new (1/0).
    private const string SaveScript = Now + """
        if ARGV[7] == '0' and redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[4] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        if ARGV[6] == '1' then
          redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[1])
          redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
        else
          redis.call('ZREM', KEYS[2], ARGV[1])
          redis.call('HDEL', KEYS[3], ARGV[1])
        end
        return 1
        """;

    // KEYS: a partition's leases and owners, then the candidates' operations (read just before; all in
    // the partition). ARGV: owner, lease ms, then the candidates' ids. One whose lease was renewed or
    // claimed meanwhile is skipped; one whose record expired is forgotten instead of claimed.
    private const string ClaimScript = Now + """
        local claimed = {}
        for i = 3, #ARGV do
          local id = ARGV[i]
          local ends = tonumber(redis.call('ZSCORE', KEYS[1], id))
          if not ends or ends > now then
            -- renewed or finished meanwhile
          elseif redis.call('EXISTS', KEYS[i]) == 1 then
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
            redis.call('HSET', KEYS[2], id, ARGV[1])
            claimed[#claimed + 1] = id
          else
            redis.call('ZREM', KEYS[1], id)
            redis.call('HDEL', KEYS[2], id)
          end
        end
        return claimed
        """;

    // KEYS: a partition's leases. ARGV: max. The ids whose lease has ended, on Redis's clock.
    private const string DueScript = Now + """
        return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
        """;

    private IDatabase Db => redis.GetDatabase();

    public Task CreateAsync(Operation operation, string owner, TimeSpan lease, CancellationToken cancellationToken)
        => WriteAsync(operation, owner, lease, created: true);

    public async Task<Operation?> GetAsync(string id, CancellationToken cancellationToken) =>
        await Db.StringGetAsync(keys.Operation(id)) is { IsNull: false } json
            ? JsonSerializer.Deserialize<Operation>((string)json!, GatewayJson.Store)
            : null;

    public Task<bool> SaveAsync(Operation operation, string owner, TimeSpan lease,
        CancellationToken cancellationToken) => WriteAsync(operation, owner, lease, created: false);

    public async Task<IReadOnlyList<string>> ClaimAbandonedAsync(string owner, TimeSpan lease, int max,
        CancellationToken cancellationToken)
    {
        var claimed = new List<string>();
        foreach (var partition in keys.AllPartitions)
        {
            if (claimed.Count >= max)
            {
                break;
            }

            // Candidates first, so the script is given every key it touches (RedisKeys: one slot).
            var ids = ((RedisResult[])(await Db.ScriptEvaluateAsync(DueScript, [keys.OperationLeases(partition)],
                [max - claimed.Count]))!).Select(r => (RedisValue)(string)r!).ToArray();
            if (ids.Length == 0)
            {
                continue;
            }

            var result = await Db.ScriptEvaluateAsync(ClaimScript,
                [keys.OperationLeases(partition), keys.OperationOwners(partition),
                    .. ids.Select(id => (RedisKey)keys.Operation(id!))],
                [owner, (long)lease.TotalMilliseconds, .. ids]);
            claimed.AddRange(((RedisResult[])result!).Select(r => (string)r!));
        }

        return claimed;
    }

    private async Task<bool> WriteAsync(Operation operation, string owner, TimeSpan lease, bool created)
    {
        var result = await Db.ScriptEvaluateAsync(SaveScript,
            [keys.Operation(operation.Id), keys.OperationLeases(keys.PartitionOf(operation.Id)),
                keys.OperationOwners(keys.PartitionOf(operation.Id))],
            [operation.Id, JsonSerializer.Serialize(operation, GatewayJson.Store),
                (long)IOperationStore.Retention.TotalMilliseconds, owner, (long)lease.TotalMilliseconds,
                operation.State == OperationState.Running ? "1" : "0", created ? "1" : "0"]);
        return (int)result == 1;
    }
}
