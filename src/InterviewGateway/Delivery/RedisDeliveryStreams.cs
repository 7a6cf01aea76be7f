using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// The consumer-group plumbing under RedisDeliveryQueue: reading a subscription's stream as this instance,
/// taking over a dead instance's messages, keeping buffered ones ours, and trimming finished entries.
internal static class RedisDeliveryStreams
{
    private const string Group = RedisDeliveryQueue.Group;

    /// One XREADGROUP per partition (a multi-stream read must stay on one slot), run together.
    public static async Task<IReadOnlyList<DeliveryMessage>> ReadAsync(IDatabase db, RedisKeys keys,
        IReadOnlyCollection<string> subscriptionIds, int count, string consumer)
    {
        var reads = await Task.WhenAll(subscriptionIds.GroupBy(keys.PartitionOf)
            .Select(ids => ReadPartitionAsync(db, keys, [.. ids], count, consumer)));
        return [.. reads.SelectMany(r => r)];
    }

    private static async Task<IReadOnlyList<DeliveryMessage>> ReadPartitionAsync(IDatabase db, RedisKeys keys,
        string[] subscriptionIds, int count, string consumer)
    {
        var positions = subscriptionIds.Select(id => new StreamPosition(keys.DeliveryStream(id),
            StreamPosition.NewMessages)).ToArray();
        RedisStream[] streams;
        try
        {
            streams = await db.StreamReadGroupAsync(positions, Group, consumer, count);
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            // A stream without the group (a new subscription, or Redis lost its data): create them (from
            // the stream's start, so nothing already added is skipped) and read again.
            await Task.WhenAll(subscriptionIds.Select(id => EnsureGroupAsync(db, keys.DeliveryStream(id))));
            try
            {
                streams = await db.StreamReadGroupAsync(positions, Group, consumer, count);
            }
            catch (RedisServerException again) when (IsNoGroup(again))
            {
                return []; // a subscription deleted meanwhile (its stream purged); the next read skips it
            }
        }

        var byKey = subscriptionIds.ToDictionary(id => keys.DeliveryStream(id), StringComparer.Ordinal);
        return [.. streams.SelectMany(s => s.Entries.Select(e => ToMessage(byKey[(string)s.Key!], e)))];
    }

    private static bool IsNoGroup(RedisServerException ex) => ex.Message.StartsWith("NOGROUP",
        StringComparison.Ordinal);

    private static async Task EnsureGroupAsync(IDatabase db, string streamKey)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(streamKey, Group,
                StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // another instance created it first
        }
    }

    public static async Task<IReadOnlyList<DeliveryMessage>> ClaimAbandonedAsync(IDatabase db, RedisKeys keys,
        string subscriptionId, string consumer, TimeSpan minIdle, int count)
    {
        try
        {
            var result = await db.StreamAutoClaimAsync(keys.DeliveryStream(subscriptionId), Group, consumer,
                (long)minIdle.TotalMilliseconds, "0-0", count);
            return [.. result.ClaimedEntries.Where(e => !e.IsNull).Select(e => ToMessage(subscriptionId, e))];
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            return [];
        }
    }

    public static async Task TouchAsync(IDatabase db, RedisKeys keys, string subscriptionId, string consumer,
        IReadOnlyList<string> messageIds)
    {
        try
        {
            if (messageIds.Count > 0)
            {
                await db.StreamClaimIdsOnlyAsync(keys.DeliveryStream(subscriptionId), Group, consumer, 0,
                    [.. messageIds.Select(id => (RedisValue)id)]);
            }
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            // the subscription was deleted: nothing to keep
        }
    }

    /// Drops stream entries every consumer has finished: those before the oldest pending one (or up to the
    /// last one handed out, when nothing is pending).
    public static async Task TrimAsync(IDatabase db, string key)
    {
        if (!await db.KeyExistsAsync(key))
        {
            return;
        }

        try
        {
            var group = (await db.StreamGroupInfoAsync(key)).FirstOrDefault(g => g.Name == Group);
            if (group.Name is null || group.LastDeliveredId is null)
            {
                return;
            }

            var pending = await db.StreamPendingAsync(key, Group);
            var keepFrom = pending.PendingMessageCount > 0 ? (string)pending.LowestPendingMessageId!
                : group.LastDeliveredId;
            await db.ExecuteAsync("XTRIM", key, "MINID", keepFrom);
        }
        catch (RedisServerException ex) when (IsNoGroup(ex) || ex.Message.StartsWith("ERR no such key",
            StringComparison.Ordinal))
        {
            // the subscription was deleted between these reads (its stream purged): nothing is left to trim
        }
    }

    private static DeliveryMessage ToMessage(string subscriptionId, StreamEntry entry) =>
        new(entry.Id!, subscriptionId, (string)entry["e"]!, (int)entry["a"], DueOf(entry));

    /// When the entry's attempt was due (its `d` field, ms).
    public static DateTimeOffset DueOf(StreamEntry entry) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse((string?)entry["d"], CultureInfo.InvariantCulture,
            out var ms) ? ms : 0);
}
