using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Redis;

/// Redis's `TIME` (seconds and microseconds), the clock the Lua scripts already read. On a Redis Cluster
/// each node has its own clock (its host's), and a command without a key goes to any node, so two stamps
/// could come from two hosts that disagree by their NTP drift. The script names one never-written key, so
/// every read is answered by the node that owns that key's slot (after a failover, its promoted replica).
internal sealed class RedisSharedClock(IConnectionMultiplexer redis, RedisKeys keys) : ISharedClock
{
    private const string Script = "return redis.call('TIME')";

    private readonly RedisKey[] _route = [keys.Clock];

    public async Task<DateTimeOffset> GetUtcNowAsync(CancellationToken cancellationToken)
    {
        var time = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, _route))!;
        var micros = ((long)time[0] * 1_000_000) + (long)time[1];
        return DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
    }
}
