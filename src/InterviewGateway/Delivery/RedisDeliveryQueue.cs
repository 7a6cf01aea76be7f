using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// The delivery queue on Redis: a stream per subscription read through consumer group `delivery`
/// (XADD / XREADGROUP / XACK, XAUTOCLAIM for a dead instance's messages), a state hash per subscription,
/// and a sorted set of due retries per partition that a script moves into the streams. A first delivery costs about
/// eight commands (enqueue script, event and state reads, state write, XACK, attempt log) and no key.
internal sealed class RedisDeliveryQueue(IConnectionMultiplexer redis, RedisKeys keys,
    TimeProvider time) : IDeliveryQueue, IDeliveryQueueAdmin
{
    public const string Group = "delivery";

    private readonly Lock _activeLock = new();
    private HashSet<string>? _active;
    private DateTimeOffset _activeReadAt;
    private long _activeChanges;
    private int _listening;
    private int _promoteFrom;

    private IDatabase Db => redis.GetDatabase();

    public event Action? Enqueued;

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public async Task<bool> TryEnqueueFirstAsync(string subscriptionId, string eventId,
        CancellationToken cancellationToken)
    {
        var queued = (long)await Db.ScriptEvaluateAsync(RedisDeliveryScripts.EnqueueFirst,
            [keys.DeliveryStates(subscriptionId), keys.DeliveryStream(subscriptionId), Active(subscriptionId)],
            [eventId, Ms(time.GetUtcNow()), subscriptionId, keys.DeliveryWake]) == 1;
        if (queued)
        {
            Activated(subscriptionId);
        }

        return queued;
    }

    public async Task EnqueueAsync(string subscriptionId, string eventId, int attempt,
        CancellationToken cancellationToken)
    {
        await Db.ScriptEvaluateAsync(RedisDeliveryScripts.Enqueue, [keys.DeliveryStates(subscriptionId),
            keys.DeliveryStream(subscriptionId), Active(subscriptionId)],
            [eventId, attempt, Ms(time.GetUtcNow()), subscriptionId, keys.DeliveryWake]);
        Activated(subscriptionId);
    }

    public async Task<int> RequeueUndeliveredAsync(string subscriptionId, IReadOnlyList<string> eventIds,
        DateTimeOffset liveSince,
        CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var chunk in eventIds.Chunk(200))
        {
            RedisValue[] args = [Ms(time.GetUtcNow()), Ms(liveSince), subscriptionId, keys.DeliveryWake,
                .. chunk.Select(id => (RedisValue)id)];
            queued += (int)(long)await Db.ScriptEvaluateAsync(RedisDeliveryScripts.Requeue,
                [keys.DeliveryStates(subscriptionId), keys.DeliveryStream(subscriptionId), Active(subscriptionId)],
                args);
        }

        if (queued > 0)
        {
            Activated(subscriptionId);
        }

        return queued;
    }

    public Task<IReadOnlyList<DeliveryMessage>> ReadAsync(IReadOnlyCollection<string> subscriptionIds, int count,
        string consumer, CancellationToken cancellationToken) =>
        RedisDeliveryStreams.ReadAsync(Db, keys, subscriptionIds, count, consumer);

    public Task<IReadOnlyList<DeliveryMessage>> ClaimAbandonedAsync(string subscriptionId, string consumer,
        TimeSpan minIdle, int count, CancellationToken cancellationToken) =>
        RedisDeliveryStreams.ClaimAbandonedAsync(Db, keys, subscriptionId, consumer, minIdle, count);

    public Task TouchAsync(string subscriptionId, string consumer, IReadOnlyList<string> messageIds,
        CancellationToken cancellationToken) =>
        RedisDeliveryStreams.TouchAsync(Db, keys, subscriptionId, consumer, messageIds);

    public async Task<DeliveryState?> GetStateAsync(string subscriptionId, string eventId,
        CancellationToken cancellationToken) =>
        DeliveryState.Parse(await Db.HashGetAsync(keys.DeliveryStates(subscriptionId), eventId));

    public Task CompleteAsync(DeliveryMessage message, DeliveryState? state, CancellationToken cancellationToken)
    {
        // The retry is scheduled in the same script as the state that says so.
        var retry = state is { Kind: DeliveryStateKind.Queued } next && next.Attempt > message.Attempt;
        return Db.ScriptEvaluateAsync(RedisDeliveryScripts.Complete,
            [keys.DeliveryStates(message.SubscriptionId), keys.DeliveryStream(message.SubscriptionId),
                keys.DeliveryRetries(keys.PartitionOf(message.SubscriptionId))],
            [message.EventId, message.Attempt, Group, message.Id, state?.Format() ?? "",
                $"{message.SubscriptionId}|{message.EventId}|{state?.Attempt}",
                retry ? state!.Value.At.ToUnixTimeMilliseconds() : ""]);
    }

    public Task MarkDeliveredAsync(string subscriptionId, string eventId, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        Db.HashSetAsync(keys.DeliveryStates(subscriptionId), eventId,
            new DeliveryState(DeliveryStateKind.Delivered, 0, at).Format());

    public async Task<int> PromoteDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        // Partition by partition (each its own slot), starting where the last call left off so a busy
        // partition does not starve the others of the `max` per call.
        var moved = 0;
        var first = Interlocked.Increment(ref _promoteFrom);
        for (var i = 0; i < keys.Partitions && moved < max; i++)
        {
            moved += await PromoteDueAsync((int)((uint)(first + i) % (uint)keys.Partitions), now, max - moved);
        }

        if (moved > 0)
        {
            Forget();
            Enqueued?.Invoke();
        }

        return moved;
    }

    public async Task<IReadOnlySet<string>?> ActiveAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _listening, 1) == 0)
        {
            // Every queue that becomes active (its set gains it, on any instance) is published on one
            // channel: wake up for it, and read the sets again.
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.DeliveryWake), (_, _) =>
            {
                Forget();
                Enqueued?.Invoke();
            });
        }

        var now = time.GetUtcNow();
        long changes;
        lock (_activeLock)
        {
            if (_active is not null && now - _activeReadAt < maxAge)
            {
                return _active.ToHashSet(StringComparer.Ordinal);
            }

            changes = _activeChanges;
        }

        var sets = await Task.WhenAll(keys.AllPartitions.Select(p => Db.SetMembersAsync(keys.DeliveryActive(p))));
        var read = sets.SelectMany(s => s).Select(m => (string)m!).ToHashSet(StringComparer.Ordinal);
        lock (_activeLock)
        {
            // A change signalled while reading (Forget) leaves nothing to keep: the next call reads again.
            if (_activeChanges == changes)
            {
                _active = read.ToHashSet(StringComparer.Ordinal);
                _activeReadAt = now;
            }
        }

        return read;
    }

    public async Task SettleAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await Db.ScriptEvaluateAsync(RedisDeliveryScripts.Settle, [keys.DeliveryStream(subscriptionId),
            Active(subscriptionId)], [Group, subscriptionId]);
        Forget();
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
        var oldestDue = next.Length == 0 ? (DateTimeOffset?)null : RedisDeliveryStreams.DueOf(next[0]);
        return new DeliveryBacklog(queued, group.PendingMessageCount, oldestDue);
    }

    public Task<long> ScheduledCountAsync(CancellationToken cancellationToken) =>
        RedisPartitioned.SumAsync(keys.AllPartitions.Select(p => Db.SortedSetLengthAsync(keys.DeliveryRetries(p))));

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
        await db.ScriptEvaluateAsync(RedisDeliveryScripts.ForgetIdleConsumers, [keys.DeliveryStream(subscriptionId)],
            [Group]);
        return old.Count;
    }

    /// Drops stream entries every consumer has finished.
    public Task TrimAsync(string subscriptionId, CancellationToken cancellationToken) =>
        RedisDeliveryStreams.TrimAsync(Db, keys.DeliveryStream(subscriptionId));

    public Task PurgeAsync(string subscriptionId, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(RedisDeliveryScripts.Purge,
            [.. QueueKeys(subscriptionId), keys.DeletedSubscriptions(keys.PartitionOf(subscriptionId))],
            [subscriptionId]);

    public async Task<int> PurgeDeletedAsync(TimeSpan settled, TimeSpan keep, CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var partition in keys.AllPartitions)
        {
            var ids = (RedisResult[])(await Db.ScriptEvaluateAsync(RedisDeliveryScripts.Tombstones,
                [keys.DeletedSubscriptions(partition)],
                [(long)settled.TotalMilliseconds, (long)keep.TotalMilliseconds]))!;
            foreach (var id in ids)
            {
                await Db.KeyDeleteAsync(QueueKeys((string)id!)); // one subscription's keys: one slot
            }

            purged += ids.Length;
        }

        return purged;
    }

    private async Task<int> PromoteDueAsync(int partition, DateTimeOffset now, int max)
    {
        var retries = keys.DeliveryRetries(partition);
        var due = await Db.SortedSetRangeByScoreAsync(retries, double.NegativeInfinity, now.ToUnixTimeMilliseconds(),
            Exclude.None, Order.Ascending, 0, max);
        if (due.Length == 0)
        {
            return 0;
        }

        // The script may touch only keys it is given: each candidate's stream goes in KEYS.
        var scriptKeys = new List<RedisKey> { retries, keys.DeliveryActive(partition) };
        var args = new List<RedisValue> { Ms(now), keys.DeliveryWake };
        var streamIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in due)
        {
            var sub = ((string)member!).Split('|')[0];
            if (!streamIndex.TryGetValue(sub, out var index))
            {
                scriptKeys.Add(keys.DeliveryStream(sub));
                index = streamIndex[sub] = scriptKeys.Count; // Lua's KEYS are 1-based
            }

            args.Add(member);
            args.Add(index);
        }

        return (int)(long)await Db.ScriptEvaluateAsync(RedisDeliveryScripts.Promote, [.. scriptKeys], [.. args]);
    }

    /// This instance queued to `subscriptionId`: its set has it now, whatever the copy says.
    private void Activated(string subscriptionId)
    {
        lock (_activeLock)
        {
            if (_active is null)
            {
                _activeChanges++; // a read in flight may have missed it: keep nothing of it
            }
            else
            {
                _active.Add(subscriptionId);
            }
        }

        Enqueued?.Invoke();
    }

    /// The sets changed (or may have): the next ActiveAsync reads them.
    private void Forget()
    {
        lock (_activeLock)
        {
            _active = null;
            _activeChanges++;
        }
    }

    private RedisKey Active(string subscriptionId) => keys.DeliveryActive(keys.PartitionOf(subscriptionId));

    private RedisKey[] QueueKeys(string subscriptionId) =>
        [keys.DeliveryStream(subscriptionId), keys.DeliveryStates(subscriptionId),
            keys.DeliverySlots(subscriptionId), keys.DeliverySlotLeases(subscriptionId)];
}
