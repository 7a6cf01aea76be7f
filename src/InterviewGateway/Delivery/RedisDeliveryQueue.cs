using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// The delivery queue on Redis: a stream per subscription read through consumer group `delivery`
/// (XADD / XREADGROUP / XACK, XAUTOCLAIM for a dead instance's messages), a state hash per subscription,
/// and one sorted set of due retries that a script moves into the streams. A first delivery costs about
/// eight commands (enqueue script, event and state reads, state write, XACK, attempt log) and no key.
internal sealed class RedisDeliveryQueue(IConnectionMultiplexer redis, RedisKeys keys,
    TimeProvider time) : IDeliveryQueue
{
    public const string Group = "delivery";

    // KEYS[1] states, KEYS[2] stream. ARGV[1] event id, ARGV[2] now ms. The state decides; the stream follows.
    private const string EnqueueFirstScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], 'q|1|' .. ARGV[2]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[1], 'a', '1', 'd', ARGV[2])
        return 1
        """;

    // KEYS[1] states, KEYS[2] stream. ARGV[1] event id, ARGV[2] attempt, ARGV[3] now ms.
    private const string EnqueueScript = """
        redis.call('HSET', KEYS[1], ARGV[1], 'q|' .. ARGV[2] .. '|' .. ARGV[3])
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[1], 'a', ARGV[2], 'd', ARGV[3])
        return 1
        """;

    // KEYS[1] states, KEYS[2] stream. ARGV[1] now ms, ARGV[2] live-since ms, ARGV[3..] event ids.
    private const string RequeueScript = """
        local n = 0
        for i = 3, #ARGV do
          local e = ARGV[i]
          local s = redis.call('HGET', KEYS[1], e)
          local attempt, go = 1, true
          if s then
            local kind, a, t = string.match(s, '^(%a)|(%d+)|(%d+)$')
            if kind == 'd' or (kind == 'q' and tonumber(t) >= tonumber(ARGV[2])) then go = false end
            attempt = tonumber(a) + 1
          end
          if go then
            redis.call('HSET', KEYS[1], e, 'q|' .. attempt .. '|' .. ARGV[1])
            redis.call('XADD', KEYS[2], '*', 'e', e, 'a', attempt, 'd', ARGV[1])
            n = n + 1
          end
        end
        return n
        """;

    // KEYS[1] retries. ARGV[1] now ms, ARGV[2] max, ARGV[3] stream key prefix. Members: sub|event|attempt.
    private const string PromoteScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        local members = {}
        for i = 1, #due, 2 do
          local sub, e, a = string.match(due[i], '^([^|]+)|([^|]+)|(%d+)$')
          -- a deleted subscription's stream is gone: its retries are dropped, not recreated as orphans
          if sub and redis.call('EXISTS', ARGV[3] .. sub) == 1 then
            redis.call('XADD', ARGV[3] .. sub, '*', 'e', e, 'a', a, 'd', due[i + 1])
          end
          members[#members + 1] = due[i]
        end
        if #members > 0 then redis.call('ZREM', KEYS[1], unpack(members)) end
        return #members
        """;

    // KEYS[1] stream. ARGV[1] group. Consumers with nothing pending (dead instances' names; a live one is
    // recreated by its next read) are removed atomically, so no message is taken in between and lost.
    private const string ForgetIdleConsumersScript = """
        local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
        if not ok then return 0 end
        local n = 0
        for _, c in ipairs(consumers) do
          local f = {}
          for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
          if tonumber(f['pending']) == 0 then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
            n = n + 1
          end
        end
        return n
        """;

    private IDatabase Db => redis.GetDatabase();

    public event Action? Enqueued;

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public async Task<bool> TryEnqueueFirstAsync(string subscriptionId, string eventId,
        CancellationToken cancellationToken)
    {
        var queued = (long)await Db.ScriptEvaluateAsync(EnqueueFirstScript,
            [keys.DeliveryStates(subscriptionId), keys.DeliveryStream(subscriptionId)], [eventId,
                Ms(time.GetUtcNow())]) == 1;
        if (queued)
        {
            Enqueued?.Invoke();
        }

        return queued;
    }

    public async Task EnqueueAsync(string subscriptionId, string eventId, int attempt,
        CancellationToken cancellationToken)
    {
        await Db.ScriptEvaluateAsync(EnqueueScript, [keys.DeliveryStates(subscriptionId),
            keys.DeliveryStream(subscriptionId)],
            [eventId, attempt, Ms(time.GetUtcNow())]);
        Enqueued?.Invoke();
    }

    public async Task<int> RequeueUndeliveredAsync(string subscriptionId, IReadOnlyList<string> eventIds,
        DateTimeOffset liveSince,
        CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var chunk in eventIds.Chunk(200))
        {
            RedisValue[] args = [Ms(time.GetUtcNow()), Ms(liveSince), .. chunk.Select(id => (RedisValue)id)];
            queued += (int)(long)await Db.ScriptEvaluateAsync(RequeueScript,
                [keys.DeliveryStates(subscriptionId), keys.DeliveryStream(subscriptionId)], args);
        }

        if (queued > 0)
        {
            Enqueued?.Invoke();
        }

        return queued;
    }

    public async Task<IReadOnlyList<DeliveryMessage>> ReadAsync(IReadOnlyCollection<string> subscriptionIds, int count,
        string consumer,
        CancellationToken cancellationToken)
    {
        if (subscriptionIds.Count == 0)
        {
            return [];
        }

        var positions = subscriptionIds.Select(id => new StreamPosition(keys.DeliveryStream(id),
            StreamPosition.NewMessages)).ToArray();
        RedisStream[] streams;
        try
        {
            streams = await Db.StreamReadGroupAsync(positions, Group, consumer, count);
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            // A stream without the group (a new subscription, or Redis lost its data): create them (from
            // the stream's start, so nothing already added is skipped) and read again.
            await Task.WhenAll(subscriptionIds.Select(EnsureGroupAsync));
            try
            {
                streams = await Db.StreamReadGroupAsync(positions, Group, consumer, count);
            }
            catch (RedisServerException again) when (IsNoGroup(again))
            {
                return []; // a subscription deleted meanwhile (its stream purged); the next read skips it
            }
        }

        var prefix = keys.DeliveryStreamPrefix.Length;
        return [.. streams.SelectMany(s => s.Entries.Select(e => ToMessage(((string)s.Key!)[prefix..], e)))];
    }

    private static bool IsNoGroup(RedisServerException ex) => ex.Message.StartsWith("NOGROUP",
        StringComparison.Ordinal);

    private async Task EnsureGroupAsync(string subscriptionId)
    {
        try
        {
            await Db.StreamCreateConsumerGroupAsync(keys.DeliveryStream(subscriptionId), Group,
                StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // another instance created it first
        }
    }

    public async Task<IReadOnlyList<DeliveryMessage>> ClaimAbandonedAsync(string subscriptionId, string consumer,
        TimeSpan minIdle, int count,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await Db.StreamAutoClaimAsync(keys.DeliveryStream(subscriptionId), Group, consumer,
                (long)minIdle.TotalMilliseconds, "0-0", count);
            return [.. result.ClaimedEntries.Where(e => !e.IsNull).Select(e => ToMessage(subscriptionId, e))];
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            return [];
        }
    }

    public async Task TouchAsync(string subscriptionId, string consumer, IReadOnlyList<string> messageIds,
        CancellationToken cancellationToken)
    {
        try
        {
            if (messageIds.Count > 0)
            {
                await Db.StreamClaimIdsOnlyAsync(keys.DeliveryStream(subscriptionId), Group, consumer, 0,
                    [.. messageIds.Select(id => (RedisValue)id)]);
            }
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            // the subscription was deleted: nothing to keep
        }
    }

    public async Task<DeliveryState?> GetStateAsync(string subscriptionId, string eventId,
        CancellationToken cancellationToken) =>
        DeliveryState.Parse(await Db.HashGetAsync(keys.DeliveryStates(subscriptionId), eventId));

    public async Task CompleteAsync(DeliveryMessage message, DeliveryState? state, CancellationToken cancellationToken)
    {
        var db = Db;
        var batch = db.CreateBatch();
        var work = new List<Task>(3);
        if (state is { } next)
        {
            if (next.Kind == DeliveryStateKind.Queued && next.Attempt > message.Attempt)
            {
                // The retry is scheduled before the state says so: a crash in between leaves a retry that
                // finds an older current attempt and stands aside, never a state with no retry.
                work.Add(batch.SortedSetAddAsync(keys.DeliveryRetries,
                    $"{message.SubscriptionId}|{message.EventId}|{next.Attempt}", next.At.ToUnixTimeMilliseconds()));
            }

            work.Add(batch.HashSetAsync(keys.DeliveryStates(message.SubscriptionId), message.EventId, next.Format()));
        }

        work.Add(batch.StreamAcknowledgeAsync(keys.DeliveryStream(message.SubscriptionId), Group, message.Id));
        batch.Execute();
        await Task.WhenAll(work);
    }

    public Task MarkDeliveredAsync(string subscriptionId, string eventId, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        Db.HashSetAsync(keys.DeliveryStates(subscriptionId), eventId,
            new DeliveryState(DeliveryStateKind.Delivered, 0, at).Format());

    public async Task<int> PromoteDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var moved = (int)(long)await Db.ScriptEvaluateAsync(PromoteScript, [keys.DeliveryRetries], [Ms(now), max,
            keys.DeliveryStreamPrefix]);
        if (moved > 0)
        {
            Enqueued?.Invoke();
        }

        return moved;
    }

    public async Task<DeliveryBacklog> BacklogAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        // One command for an idle subscription (the dispatcher asks every few seconds for the depth gauge).
        var key = keys.DeliveryStream(subscriptionId);
        StreamGroupInfo group;
        try
        {
            group = (await Db.StreamGroupInfoAsync(key)).FirstOrDefault(g => g.Name == Group);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no such key", StringComparison.Ordinal))
        {
            return new DeliveryBacklog(0, 0, null);
        }

        var queued = group.Lag ?? await Db.StreamLengthAsync(key);
        if (queued == 0)
        {
            return new DeliveryBacklog(0, group.PendingMessageCount, null);
        }

        var next = await Db.StreamRangeAsync(key, "(" + (group.LastDeliveredId ?? "0-0"), "+", 1);
        return new DeliveryBacklog(queued, group.PendingMessageCount, next.Length == 0 ? null : DueOf(next[0]));
    }

    public Task<long> ScheduledCountAsync(CancellationToken cancellationToken) =>
        Db.SortedSetLengthAsync(keys.DeliveryRetries);

    public async Task<int> PruneAsync(string subscriptionId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = Db;
        var statesKey = keys.DeliveryStates(subscriptionId);
        var old = new List<RedisValue>();
        await foreach (var entry in db.HashScanAsync(statesKey, pageSize: 1000).WithCancellation(cancellationToken))
        {
            if (DeliveryState.Parse(entry.Value) is not { } state || state.At < before)
            {
                old.Add(entry.Name);
            }
        }

        foreach (var chunk in old.Chunk(500))
        {
            await db.HashDeleteAsync(statesKey, chunk);
        }

        await TrimAsync(subscriptionId, cancellationToken);
        await db.ScriptEvaluateAsync(ForgetIdleConsumersScript, [keys.DeliveryStream(subscriptionId)], [Group]);
        return old.Count;
    }

    /// Drops stream entries every consumer has finished: those before the oldest pending one (or up to the
    /// last one handed out, when nothing is pending).
    public async Task TrimAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var key = keys.DeliveryStream(subscriptionId);
        if (!await Db.KeyExistsAsync(key))
        {
            return;
        }

        var group = (await Db.StreamGroupInfoAsync(key)).FirstOrDefault(g => g.Name == Group);
        if (group.Name is null || group.LastDeliveredId is null)
        {
            return;
        }

        var pending = await Db.StreamPendingAsync(key, Group);
        var keepFrom = pending.PendingMessageCount > 0 ? (string)pending.LowestPendingMessageId!
            : group.LastDeliveredId;
        await Db.ExecuteAsync("XTRIM", key, "MINID", keepFrom);
    }

    public Task PurgeAsync(string subscriptionId, CancellationToken cancellationToken) =>
        Db.KeyDeleteAsync([keys.DeliveryStream(subscriptionId), keys.DeliveryStates(subscriptionId),
            keys.DeliverySlots(subscriptionId), keys.DeliverySlotLeases(subscriptionId)]);

    public async Task<int> PurgeOrphansAsync(IReadOnlySet<string> existing, CancellationToken cancellationToken)
    {
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prefix in new[] { keys.DeliveryStreamPrefix, keys.DeliveryStates(string.Empty) })
        {
            foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
            {
                await foreach (var key in server.KeysAsync(Db.Database, prefix + "*", pageSize: 1000)
                    .WithCancellation(cancellationToken))
                {
                    var id = ((string)key!)[prefix.Length..];
                    if (!existing.Contains(id))
                    {
                        orphans.Add(id);
                    }
                }
            }
        }

        foreach (var id in orphans)
        {
            await PurgeAsync(id, cancellationToken);
        }

        return orphans.Count;
    }

    private static DeliveryMessage ToMessage(string subscriptionId, StreamEntry entry) =>
        new(entry.Id!, subscriptionId, (string)entry["e"]!, (int)entry["a"], DueOf(entry));

    private static DateTimeOffset DueOf(StreamEntry entry) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse((string?)entry["d"], CultureInfo.InvariantCulture,
            out var ms) ? ms : 0);
}
