using System.Globalization;
using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.Inbound;

/// A Redis stream per partition (RedisKeys), so the accept script can append to the stream of the interview's
/// partition on the slot it already writes. Stream ids (Redis's clock) give the arrival times; an exact
/// `MAXLEN` bounds each stream to its share of `VendorWebhookLog:MaxEntries` (`~` would keep a whole stream
/// node, 100 entries, per partition) and `MINID ~` its age, in the same script. An entry's public id is
/// `{ms}-{sequence × 1024 + partition}`: it names its stream and sorts entries of all partitions in one
/// order, which listing merges newest first.
internal sealed class RedisInboundWebhookLog(IConnectionMultiplexer redis, RedisKeys keys,
    IOptions<InboundWebhookLogOptions> options, TimeProvider time) : IInboundWebhookLog
{
    /// Above RedisOptions.Partitions' maximum, so `sequence × Stride + partition` is unambiguous.
    private const long Stride = 1024;

    /// `log_append(stream, max entries, entry JSON, retention ms, partition)` returns the entry's public id
    /// without the prefix (also used by the accept script, RedisFollowUpQueue). A stream nobody appends to
    /// any more expires with the retention.
    internal const string AppendFunction = """
        local function log_append(key, max, json, retention, partition)
          local id = redis.call('XADD', key, 'MAXLEN', max, '*', 'e', json)
          local ms, seq = string.match(id, '^(%d+)-(%d+)$')
          redis.call('XTRIM', key, 'MINID', '~', tonumber(ms) - tonumber(retention))
          redis.call('PEXPIRE', key, retention)
          return ms .. '-' .. string.format('%d', tonumber(seq) * 1024 + tonumber(partition))
        end

        """;

    // KEYS[1] the stream. ARGV: max entries, entry JSON, retention ms, partition.
    private const string RecordScript = AppendFunction
        + "return log_append(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])";

    private int _nextPartition;

    private IDatabase Db => redis.GetDatabase();

    /// `VendorWebhookLog:MaxEntries` shared out over the partitions' streams.
    internal static long MaxEntriesPerPartition(InboundWebhookLogOptions log, RedisKeys keys) =>
        (log.MaxEntries + keys.Partitions - 1) / keys.Partitions;

    public async Task<InboundWebhook> RecordAsync(InboundWebhook entry, CancellationToken cancellationToken)
    {
        // Beside its interview when it names one; a rejected request that names none goes round robin.
        var partition = entry is { Vendor: { } vendor, VendorInterviewId: { } vendorInterviewId }
            ? keys.PartitionOfFollowUp(vendor, vendorInterviewId)
            : (int)((uint)Interlocked.Increment(ref _nextPartition) % (uint)keys.Partitions);
        var id = (string)(await Db.ScriptEvaluateAsync(RecordScript, [keys.VendorWebhookLog(partition)],
            [MaxEntriesPerPartition(options.Value, keys), JsonSerializer.Serialize(entry, GatewayJson.Store),
                (long)options.Value.Retention.TotalMilliseconds, partition]))!;
        return WithId(entry, id);
    }

    public async Task<InboundWebhook?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (InboundWebhookPager.Parse(id) is not { } parsed || Partition(parsed) >= keys.Partitions)
        {
            return null;
        }

        var streamId = StreamId(parsed.Ms, parsed.Sequence / Stride);
        var found = await Db.StreamRangeAsync(keys.VendorWebhookLog(Partition(parsed)), streamId, streamId, 1);
        return found.Length == 0 ? null : Read(found[0], Partition(parsed));
    }

    public Task<(IReadOnlyList<InboundWebhook> Items, string? NextCursor)> ListAsync(InboundWebhookQuery query,
        CancellationToken cancellationToken) =>
        InboundWebhookPager.PageAsync(query, time.GetUtcNow() - options.Value.Retention,
            async (before, min, max, take) =>
            {
                var cursor = before is null ? ((long Ms, long Sequence)?)null : InboundWebhookPager.Parse(before);
                var pages = await Task.WhenAll(keys.AllPartitions.Select(async partition =>
                {
                    var entries = await Db.StreamRangeAsync(keys.VendorWebhookLog(partition),
                        min.ToString(CultureInfo.InvariantCulture), End(cursor, max, partition), take,
                        Order.Descending);
                    return entries.Select(e => Read(e, partition));
                }));
                return [.. pages.SelectMany(p => p).OrderByDescending(e => InboundWebhookPager.Parse(e.Id))
                    .Take(take)];
            });

    /// The newest stream id of `partition` that sorts before the cursor (`ms-n`): entries of the same
    /// millisecond sort by n = sequence × Stride + partition.
    private static RedisValue End((long Ms, long Sequence)? cursor, long max, int partition)
    {
        if (cursor is not { } at)
        {
            return max == long.MaxValue ? "+" : max.ToString(CultureInfo.InvariantCulture);
        }

        var below = at.Sequence - 1 - partition;
        return below >= 0 ? StreamId(at.Ms, below / Stride) : "(" + StreamId(at.Ms, 0);
    }

    private static int Partition((long Ms, long Sequence) id) => (int)(id.Sequence % Stride);

    private static string StreamId(long ms, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{ms}-{sequence}");

    private static InboundWebhook Read(StreamEntry entry, int partition)
    {
        var streamId = (string)entry.Id!;
        var dash = streamId.IndexOf('-', StringComparison.Ordinal);
        var sequence = long.Parse(streamId[(dash + 1)..], CultureInfo.InvariantCulture);
        return WithId(JsonSerializer.Deserialize<InboundWebhook>((string)entry.Values[0].Value!, GatewayJson.Store)!,
            string.Create(CultureInfo.InvariantCulture, $"{streamId[..dash]}-{(sequence * Stride) + partition}"));
    }

    /// `id` is `{ms}-{n}`, as the append function returns it.
    private static InboundWebhook WithId(InboundWebhook entry, string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var ms = long.Parse(id[..dash], CultureInfo.InvariantCulture);
        return entry with
        {
            Id = InboundWebhookPager.IdPrefix + id, ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms),
        };
    }
}
