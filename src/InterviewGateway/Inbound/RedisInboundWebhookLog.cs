using System.Globalization;
using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.Inbound;

/// One Redis stream: its ids (Redis's clock) are the entry ids and arrival times, `MAXLEN ~` bounds its
/// count and `MINID ~` its age in the same script, and XREVRANGE pages it newest first.
internal sealed class RedisInboundWebhookLog(IConnectionMultiplexer redis, RedisKeys keys,
    IOptions<InboundWebhookLogOptions> options, TimeProvider time) : IInboundWebhookLog
{
    /// `log_append(stream, max entries, entry JSON, retention ms)` returns the entry's stream id (also used
    /// by the accept script, RedisFollowUpQueue).
    internal const string AppendFunction = """
        local function log_append(key, max, json, retention)
          local id = redis.call('XADD', key, 'MAXLEN', '~', max, '*', 'e', json)
          local ms = tonumber(string.match(id, '^(%d+)'))
          redis.call('XTRIM', key, 'MINID', '~', ms - tonumber(retention))
          return id
        end

        """;

    // KEYS[1] the stream. ARGV: max entries, entry JSON, retention ms.
    private const string RecordScript = AppendFunction + "return log_append(KEYS[1], ARGV[1], ARGV[2], ARGV[3])";

    private IDatabase Db => redis.GetDatabase();

    public async Task<InboundWebhook> RecordAsync(InboundWebhook entry, CancellationToken cancellationToken)
    {
        var id = (string)(await Db.ScriptEvaluateAsync(RecordScript, [keys.VendorWebhookLog],
            [options.Value.MaxEntries, JsonSerializer.Serialize(entry, GatewayJson.Store),
                (long)options.Value.Retention.TotalMilliseconds]))!;
        return WithId(entry, id);
    }

    public async Task<InboundWebhook?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (InboundWebhookPager.Parse(id) is not { } parsed)
        {
            return null;
        }

        var streamId = StreamId(parsed);
        var found = await Db.StreamRangeAsync(keys.VendorWebhookLog, streamId, streamId, 1);
        return found.Length == 0 ? null : Read(found[0]);
    }

    public Task<(IReadOnlyList<InboundWebhook> Items, string? NextCursor)> ListAsync(InboundWebhookQuery query,
        CancellationToken cancellationToken) =>
        InboundWebhookPager.PageAsync(query, time.GetUtcNow() - options.Value.Retention,
            async (before, min, max, take) =>
            {
                RedisValue end = before is null
                    ? max == long.MaxValue ? "+" : max.ToString(CultureInfo.InvariantCulture)
                    : "(" + StreamId(InboundWebhookPager.Parse(before)!.Value);
                var entries = await Db.StreamRangeAsync(keys.VendorWebhookLog,
                    min.ToString(CultureInfo.InvariantCulture), end, take, Order.Descending);
                return [.. entries.Select(Read)];
            });

    private static string StreamId((long Ms, long Sequence) id) =>
        string.Create(CultureInfo.InvariantCulture, $"{id.Ms}-{id.Sequence}");

    private static InboundWebhook Read(StreamEntry entry) =>
        WithId(JsonSerializer.Deserialize<InboundWebhook>((string)entry.Values[0].Value!, GatewayJson.Store)!,
            (string)entry.Id!);

    private static InboundWebhook WithId(InboundWebhook entry, string streamId)
    {
        var dash = streamId.IndexOf('-', StringComparison.Ordinal);
        var ms = long.Parse(streamId[..dash], CultureInfo.InvariantCulture);
        return entry with
        {
            Id = InboundWebhookPager.IdPrefix + streamId, ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms),
        };
    }
}
