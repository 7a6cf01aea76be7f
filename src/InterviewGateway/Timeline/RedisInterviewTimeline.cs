using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.Timeline;

/// A Redis list per interview: RPUSH, trimmed to the last MaxEntries, its TTL renewed to the events'
/// retention on every append (one transaction-free pipeline: each command is harmless on its own).
internal sealed class RedisInterviewTimeline(IConnectionMultiplexer redis, RedisKeys keys,
    RetentionOptions retention) : IInterviewTimeline
{
    /// `timeline_append(list, entry JSON, max entries, ttl ms)`: the same three steps in a script of another
    /// room's (the inbound accept, RedisFollowUpQueue), which passes the list in its KEYS.
    internal const string AppendFunction = """
        local function timeline_append(key, json, max, ttl)
          redis.call('RPUSH', key, json)
          redis.call('LTRIM', key, -tonumber(max), -1)
          redis.call('PEXPIRE', key, ttl)
        end

        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task AppendAsync(string interviewId, IReadOnlyList<TimelineEntry> entries,
        CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var key = keys.Timeline(interviewId);
        var batch = Db.CreateBatch();
        var push = batch.ListRightPushAsync(key,
            [.. entries.Select(e => (RedisValue)JsonSerializer.Serialize(e, GatewayJson.Store))]);
        var trim = batch.ListTrimAsync(key, -IInterviewTimeline.MaxEntries, -1);
        var expire = batch.KeyExpireAsync(key, retention.Events);
        batch.Execute();
        await Task.WhenAll(push, trim, expire);
    }

    public async Task<(IReadOnlyList<TimelineEntry> Items, long? Next)> ListAsync(string interviewId, long start,
        int limit, CancellationToken cancellationToken)
    {
        var values = await Db.ListRangeAsync(keys.Timeline(interviewId), start, start + limit);
        IReadOnlyList<TimelineEntry> items = [.. values.Take(limit)
            .Select(v => JsonSerializer.Deserialize<TimelineEntry>((string)v!, GatewayJson.Store)!)];
        return (items, values.Length > limit ? start + limit : null);
    }
}
