using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using StackExchange.Redis;

namespace InterviewGateway.Events;

/// Each event is a string key with the retention as TTL; `events:index` (split into partitions, merged
/// on read; and one index per interview) is a sorted set of `EventIndex` members read by lexicographic
/// range, so listing pages through the whole retention in recorded order; `events:outbox` (partitioned
/// too) holds what is not fanned out yet.
internal sealed class RedisEventStore(IConnectionMultiplexer redis, RedisKeys keys, RetentionOptions retention,
    TimeProvider time) : IEventStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        var partition = keys.PartitionOfEvent(gatewayEvent.Id);
        var outbox = keys.EventOutbox(partition);
        var (scriptKeys, args) = RedisEventCommit.Build(keys, partition, [gatewayEvent], retention.Events,
            time.GetUtcNow(), [outbox, outbox], ["", "", "", "", ""]);
        var result = await Db.ScriptEvaluateAsync(RedisEventCommit.AppendOnlyScript, scriptKeys, args);
        return RedisEventCommit.Added(result, [gatewayEvent]).Count == 1;
    }

    public async Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken) =>
        Read(await Db.StringGetAsync(keys.Event(id)));

    public Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        RedisKey[] index = query.InterviewId is null ? AllIndexes : [keys.EventsOfInterview(query.InterviewId)];
        return EventPager.NewestFirstAsync(query, EventIndex.Floor(now - retention.Events), Range(index), LoadAsync);
    }

    public IAsyncEnumerable<GatewayEvent> ReadRecordedSinceAsync(DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var oldest = time.GetUtcNow() - retention.Events;
        return EventPager.OldestFirstAsync(EventIndex.Floor(since > oldest ? since : oldest), Range(AllIndexes),
            LoadAsync, cancellationToken);
    }

    public async Task<IReadOnlyList<GatewayEvent>> ReadOutboxAsync(DateTimeOffset recordedBefore, int limit,
        CancellationToken cancellationToken)
    {
        var entries = await RedisPartitioned.RangeByScoreAsync(Db, [.. keys.AllPartitions.Select(keys.EventOutbox)],
            recordedBefore.ToUnixTimeMilliseconds(), Exclude.Stop, limit);
        if (entries.Length == 0)
        {
            return [];
        }

        var values = await RedisPartitioned.GetEachAsync(Db, entries.Select(e => (RedisKey)keys.Event(e.Member!)));
        await Task.WhenAll(entries.Where((_, i) => values[i].IsNull)
            .Select(e => Db.SortedSetRemoveAsync(keys.EventOutbox(e.Partition), e.Member)));

        return [.. values.Select(Read).OfType<GatewayEvent>()];
    }

    /// One ZREM per partition (a commit's events share their interview's partition).
    public Task AcknowledgeAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        Task.WhenAll(ids.GroupBy(keys.PartitionOfEvent).Select(partition => Db.SortedSetRemoveAsync(
            keys.EventOutbox(partition.Key), [.. partition.Select(id => (RedisValue)id)])));

    private RedisKey[] AllIndexes => [.. keys.AllPartitions.Select(p => (RedisKey)keys.EventIndex(p))];

    // The whole index is merged from its partitions (RedisPartitioned): members are globally ordered.
    private EventPager.Range Range(RedisKey[] index) => async (from, inclusive, to, descending, take) =>
    {
        // Both bounds are real members or sentinels, never null, so StackExchange.Redis writes '[' / '('
        // itself and ZREVRANGEBYLEX gets them in its own (max, min) order.
        var exclude = inclusive ? Exclude.None : descending ? Exclude.Stop : Exclude.Start;
        var (min, max) = descending ? (to, from) : (from, to);
        if (string.CompareOrdinal(min, max) > 0)
        {
            return [];
        }

        var members = await RedisPartitioned.RangeByValueAsync(Db, index, min, max, exclude,
            descending ? Order.Descending : Order.Ascending, take);
        return [.. members.Select(m => (string)m!)];
    };

    private async Task<IReadOnlyList<GatewayEvent?>> LoadAsync(IReadOnlyList<string> members)
    {
        var values = await RedisPartitioned.GetEachAsync(Db,
            members.Select(m => (RedisKey)keys.Event(EventIndex.IdOf(m))));
        return [.. values.Select(Read)];
    }

    private static GatewayEvent? Read(RedisValue json) =>
        json.IsNull ? null : JsonSerializer.Deserialize<GatewayEvent>((string)json!, GatewayJson.Store);
}
