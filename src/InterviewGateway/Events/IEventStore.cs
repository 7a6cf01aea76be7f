using System.Collections.Concurrent;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Events;

internal sealed record EventQuery(int Limit, string? Cursor, string? Type, string? InterviewId);

/// Events, kept 30 days. `TryAppendAsync` is the atomic first-writer-wins that makes one completion
/// one event however many instances or paths detect it.
internal interface IEventStore
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    Task<long> NextSequenceAsync(string interviewId, CancellationToken cancellationToken);

    Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken);

    Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken);

    /// Newest first. The cursor is the last returned event's id.
    Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query, DateTimeOffset now, CancellationToken cancellationToken);
}

internal sealed class InMemoryEventStore : IEventStore
{
    private readonly ConcurrentDictionary<string, GatewayEvent> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sequences = new(StringComparer.Ordinal);

    public Task<long> NextSequenceAsync(string interviewId, CancellationToken cancellationToken) =>
        Task.FromResult(_sequences.AddOrUpdate(interviewId, 1, (_, n) => n + 1));

    public Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken) =>
        Task.FromResult(_events.TryAdd(gatewayEvent.Id, gatewayEvent));

    public Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_events.GetValueOrDefault(id));

    public Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ordered = _events.Values.Where(e => e.Timestamp > now - IEventStore.Retention)
            .OrderByDescending(EventOrder.Key, StringComparer.Ordinal).ToList();
        return Task.FromResult(EventOrder.Page(ordered, query));
    }
}

/// Listing order shared by both stores: newest event timestamp first, ties broken by id.
internal static class EventOrder
{
    public static string Key(GatewayEvent e) => $"{e.Timestamp.ToUnixTimeMilliseconds():D19}|{e.Id}";

    public static (IReadOnlyList<GatewayEvent>, string?) Page(IReadOnlyList<GatewayEvent> newestFirst, EventQuery query)
    {
        var start = query.Cursor is null ? 0 : newestFirst.Select(e => e.Id).ToList().IndexOf(query.Cursor) + 1;
        if (query.Cursor is not null && start == 0)
        {
            // An expired or foreign cursor must not silently restart from the newest event.
            throw Api.Errors.ApiProblemException.Validation("cursor", "cursor is not one this API returned, or its event has expired.");
        }

        var matches = newestFirst.Skip(start)
            .Where(e => (query.Type is null || e.Type == query.Type) && (query.InterviewId is null || e.InterviewId == query.InterviewId))
            .Take(query.Limit + 1).ToList();
        return matches.Count > query.Limit ? (matches[..query.Limit], matches[query.Limit - 1].Id) : (matches, null);
    }
}

internal sealed class RedisEventStore(IConnectionMultiplexer redis, RedisKeys keys) : IEventStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<long> NextSequenceAsync(string interviewId, CancellationToken cancellationToken)
    {
        var key = keys.EventSequence(interviewId);
        var next = await Db.StringIncrementAsync(key);
        await Db.KeyExpireAsync(key, IEventStore.Retention);
        return next;
    }

    public async Task<bool> TryAppendAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(gatewayEvent, Infrastructure.Json.GatewayJson.Store);
        if (!await Db.StringSetAsync(keys.Event(gatewayEvent.Id), json, IEventStore.Retention, When.NotExists))
        {
            return false;
        }

        var score = gatewayEvent.Timestamp.ToUnixTimeMilliseconds();
        await Db.SortedSetAddAsync(keys.EventIndex, gatewayEvent.Id, score);
        await Db.SortedSetRemoveRangeByScoreAsync(keys.EventIndex, double.NegativeInfinity, score - IEventStore.Retention.TotalMilliseconds);
        return true;
    }

    public async Task<GatewayEvent?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var json = await Db.StringGetAsync(keys.Event(id));
        return json.IsNull ? null : System.Text.Json.JsonSerializer.Deserialize<GatewayEvent>((string)json!, Infrastructure.Json.GatewayJson.Store);
    }

    public async Task<(IReadOnlyList<GatewayEvent> Items, string? NextCursor)> ListAsync(EventQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Bounded scan of the newest 5,000 events; filters apply in memory.
        var ids = await Db.SortedSetRangeByRankAsync(keys.EventIndex, 0, 4999, Order.Descending);
        var values = ids.Length == 0 ? [] : await Db.StringGetAsync([.. ids.Select(id => (RedisKey)keys.Event(id!))]);
        var loaded = values.Where(v => !v.IsNull).Select(v => System.Text.Json.JsonSerializer.Deserialize<GatewayEvent>((string)v!, Infrastructure.Json.GatewayJson.Store)!);
        return EventOrder.Page([.. loaded], query);
    }
}
