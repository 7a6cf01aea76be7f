using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Redis;

/// Redis's `TIME` (seconds and microseconds), the clock the Lua scripts already read.
internal sealed class RedisSharedClock(IConnectionMultiplexer redis) : ISharedClock
{
    public async Task<DateTimeOffset> GetUtcNowAsync(CancellationToken cancellationToken)
    {
        var time = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("TIME"))!;
        var micros = ((long)time[0] * 1_000_000) + (long)time[1];
        return DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
    }
}
