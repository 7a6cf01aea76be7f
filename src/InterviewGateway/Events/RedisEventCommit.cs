using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Events;

/// The Lua that appends events in the same script as the interview change that implies them, so both
/// commit or neither does. Layout: KEYS[1] the partition's event index, KEYS[2] its outbox, KEYS[3..4] the caller's own
/// keys, then two per event (the event, its interview's index); ARGV[1] event TTL in ms, ARGV[2] the
/// index's retention floor, ARGV[3] the event count, ARGV[4..8] the caller's, then five per event.
internal static class RedisEventCommit
{
    /// `append_events()` returns the ids it stored (those not stored before).
    public const string AppendFunction = """
        local function append_events()
          local added = {}
          local renewed = {}
          local n = tonumber(ARGV[3])
          for i = 0, n - 1 do
            local k = 5 + i * 2
            local a = 9 + i * 5
            if redis.call('SET', KEYS[k], ARGV[a + 1], 'PX', ARGV[1], 'NX') then
              redis.call('ZADD', KEYS[1], 0, ARGV[a + 2])
              if ARGV[a + 3] ~= '' then
                redis.call('ZADD', KEYS[k + 1], 0, ARGV[a + 2])
                -- a commit's events share their interview's index: one PEXPIRE for it
                if not renewed[KEYS[k + 1]] then
                  redis.call('PEXPIRE', KEYS[k + 1], ARGV[1])
                  renewed[KEYS[k + 1]] = true
                end
              end
              redis.call('ZADD', KEYS[2], ARGV[a + 4], ARGV[a])
              added[#added + 1] = ARGV[a]
            end
          end
          if n > 0 then redis.call('ZREMRANGEBYLEX', KEYS[1], '-', '(' .. ARGV[2]) end
          return added
        end

        """;

    public const string AppendOnlyScript = AppendFunction + "return append_events()";

    /// Keys and arguments for a script with its own two keys and five arguments.
    public static (RedisKey[] Keys, RedisValue[] Args) Build(
        RedisKeys keys, int partition, IReadOnlyList<GatewayEvent> events, TimeSpan retention, DateTimeOffset now,
        RedisKey[] callerKeys, RedisValue[] callerArgs)
    {
        // One partition's index and outbox: the caller's keys and every event's are in it (RedisKeys).
        var redisKeys = new List<RedisKey> { keys.EventIndex(partition), keys.EventOutbox(partition) };
        redisKeys.AddRange(callerKeys);
        var args = new List<RedisValue>
        {
            (long)retention.TotalMilliseconds, EventIndex.Floor(now - retention), events.Count,
        };
        args.AddRange(callerArgs);
        foreach (var e in events)
        {
            redisKeys.Add(keys.Event(e.Id));
            // An event about no interview has no interview index: its own key stands in (same slot, unused).
            redisKeys.Add(e.InterviewId.Length == 0 ? keys.Event(e.Id) : keys.EventsOfInterview(e.InterviewId));
            args.Add(e.Id);
            args.Add(JsonSerializer.Serialize(e, GatewayJson.Store));
            args.Add(EventIndex.Member(e));
            args.Add(e.InterviewId);
            args.Add(e.StoredAt.ToUnixTimeMilliseconds());
        }

        return ([.. redisKeys], [.. args]);
    }

    /// The events of `events` whose ids the script reported as newly stored.
    public static IReadOnlyList<GatewayEvent> Added(RedisResult result, IReadOnlyList<GatewayEvent> events)
    {
        var ids = ((RedisResult[])result!).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        return [.. events.Where(e => ids.Contains(e.Id))];
    }
}
