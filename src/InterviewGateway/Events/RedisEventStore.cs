using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.Events;

/// Each event is a string key with the retention as TTL; `events:index` (and one index per interview)
/// is a sorted set of `EventIndex` members read by lexicographic range, so listing pages through the
/// whole retention in recorded order; `events:outbox` holds what is not fanned out yet.
internal sealed class RedisEventStore(IConnectionMultiplexer redis, RedisKeys keys, RetentionOptions retention,
    TimeProvider time) : IEventStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        var (scriptKeys, args) = RedisEventCommit.Build(keys, [gatewayEvent], retention.Events, time.GetUtcNow(),
            [keys.EventOutbox, keys.EventOutbox], ["", "", "", "", ""]);
        var result = await Db.ScriptEvaluateAsync(RedisEventCommit.AppendOnlyScript, scriptKeys, args);
        return RedisEventCommit.Added(result, [gatewayEvent]).Count == 1;
    }

    public async Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken) =>
        Read(await Db.StringGetAsync(keys.Event(id)));

    public Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var index = query.InterviewId is null ? keys.EventIndex : keys.EventsOfInterview(query.InterviewId);
        return EventPager.NewestFirstAsync(query, EventIndex.Floor(now - retention.Events), Range(index), LoadAsync);
    }

    public IAsyncEnumerable<GatewayEvent> ReadRecordedSinceAsync(DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var oldest = time.GetUtcNow() - retention.Events;
        return EventPager.OldestFirstAsync(EventIndex.Floor(since > oldest ? since : oldest), Range(keys.EventIndex),
            LoadAsync, cancellationToken);
    }

    public async Task<IReadOnlyList<GatewayEvent>> ReadOutboxAsync(DateTimeOffset recordedBefore, int limit,
        CancellationToken cancellationToken)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(keys.EventOutbox, double.NegativeInfinity,
            recordedBefore.ToUnixTimeMilliseconds(),
            Exclude.Stop, Order.Ascending, 0, limit);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await Db.StringGetAsync([.. ids.Select(id => (RedisKey)keys.Event(id!))]);
        var expired = ids.Where((_, i) => values[i].IsNull).ToArray();
        if (expired.Length > 0)
        {
            await Db.SortedSetRemoveAsync(keys.EventOutbox, expired);
        }

        return [.. values.Select(Read).OfType<GatewayEvent>()];
    }

    public Task AcknowledgeAsync(string id, CancellationToken cancellationToken) =>
        Db.SortedSetRemoveAsync(keys.EventOutbox, id);

    private EventPager.Range Range(string index) => async (from, inclusive, to, descending, take) =>
    {
        // Both bounds are real members or sentinels, never null, so StackExchange.Redis writes '[' / '('
        // itself and ZREVRANGEBYLEX gets them in its own (max, min) order.
        var exclude = inclusive ? Exclude.None : descending ? Exclude.Stop : Exclude.Start;
        var (min, max) = descending ? (to, from) : (from, to);
        if (string.CompareOrdinal(min, max) > 0)
        {
            return [];
        }

        var members = await Db.SortedSetRangeByValueAsync(index, min, max, exclude, descending ? Order.Descending
            : Order.Ascending, 0, take);
        return [.. members.Select(m => (string)m!)];
    };

    private async Task<IReadOnlyList<GatewayEvent?>> LoadAsync(IReadOnlyList<string> members)
    {
        var values = await Db.StringGetAsync([.. members.Select(m => (RedisKey)keys.Event(EventIndex.IdOf(m)))]);
        return [.. values.Select(Read)];
    }

    private static GatewayEvent? Read(RedisValue json) =>
        json.IsNull ? null : JsonSerializer.Deserialize<GatewayEvent>((string)json!, GatewayJson.Store);
}
