using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Auth;

/// Callers' buckets in Redis: one script reads, refills (by Redis's own clock, so instances' clocks do
/// not matter), takes and writes back atomically, so two instances never both spend the last token.
internal sealed class RedisCallerRateStore(IConnectionMultiplexer redis, RedisKeys keys) : ICallerRateStore
{
    private static readonly LuaScript Script = LuaScript.Prepare("""
        local capacity = tonumber(@perMinute)
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local state = redis.call('HMGET', @key, 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        tokens = math.min(capacity, tokens + math.max(0, now - at) * capacity / 60000)
        local wait = 0
        if tokens >= 1 then
          tokens = tokens - 1
        else
          wait = math.ceil((1 - tokens) * 60000 / capacity)
        end
        redis.call('HSET', @key, 'tokens', tostring(tokens), 'at', now)
        redis.call('PEXPIRE', @key, 120000)
        return {wait, tostring(tokens)}
        """);

    public async Task<CallerAllowance> TryTakeAsync(string keyName, int perMinute,
        CancellationToken cancellationToken)
    {
        var arguments = new { key = (RedisKey)keys.CallerRate(keyName), perMinute };
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, arguments))!;
        var wait = (long)reply[0];
        // Lua numbers come back as integers; the fractional token count travels as a string.
        var tokens = double.Parse((string)reply[1]!, System.Globalization.CultureInfo.InvariantCulture);
        return new CallerAllowance(perMinute, tokens, wait > 0 ? TimeSpan.FromMilliseconds(wait) : null);
    }
}
