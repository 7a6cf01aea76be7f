using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Timeline;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewGateway.Inbound;

/// The dedupe mark (a string with TTL), a sorted set of owed follow-ups (member `vendor|id`, score: due
/// time in Redis-clock Unix ms; a lease or a backoff moves it forward), a hash of failure counts and one of
/// the trace each follow-up continues, split into partitions (RedisKeys). Accepting is one script: mark,
/// follow-up, trace, the inbound log entry and the interview's timeline entry, every key in KEYS and all in
/// the interview's partition (one cluster slot), so a webhook costs one round trip.
internal sealed class RedisFollowUpQueue(IConnectionMultiplexer redis, RedisKeys keys,
    IOptions<InboundWebhookLogOptions> log, RetentionOptions retention) : IFollowUpQueue
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

        """;

    // KEYS: mark, follow-ups, traces, then (with a log entry) the log stream and (with a timeline entry)
    // the timeline. ARGV: record, window ms, member, trace, log max entries, log retention ms, log entry
    // as accepted, as duplicate, webhook id prefix, partition, timeline max entries, timeline ttl ms, then
    // the timeline entry around its webhook id: prefix and suffix as accepted, then as duplicate.
    private const string AcceptScript = Now + RedisInboundWebhookLog.AppendFunction
        + RedisInterviewTimeline.AppendFunction + """
        local accepted = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
        if accepted then
          redis.call('ZADD', KEYS[2], now, ARGV[3])
          redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
        end
        local d = accepted and 0 or 1
        if #KEYS >= 4 then
          local id = log_append(KEYS[4], ARGV[5], ARGV[7 + d], ARGV[6], ARGV[10])
          if #KEYS >= 5 then
            timeline_append(KEYS[5], ARGV[13 + 2 * d] .. ARGV[9] .. id .. ARGV[14 + 2 * d], ARGV[11], ARGV[12])
          end
        end
        return 1 - d
        """;

    // Returns the lease (its end) followed by member, failures, trace triples.
    private const string LeaseScript = Now + """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, ARGV[1])
        local untilMs = now + tonumber(ARGV[2])
        local out = { untilMs }
        for _, member in ipairs(due) do
          redis.call('ZADD', KEYS[1], untilMs, member)
          out[#out + 1] = member
          out[#out + 1] = tonumber(redis.call('HGET', KEYS[2], member) or '0')
          out[#out + 1] = redis.call('HGET', KEYS[3], member) or ''
        end
        return out
        """;

    private const string CompleteScript = """
        if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1])) == tonumber(ARGV[2]) then
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          redis.call('HDEL', KEYS[3], ARGV[1])
        end
        return 1
        """;

    private const string RetryScript = Now + """
        if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1])) == tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
          redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
        end
        return 1
        """;

    /// Splits a timeline entry's JSON around its webhook id, which the script fills in.
    private const string WebhookIdMarker = "@webhook-id@";

    private int _leaseFrom;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> AcceptAsync(FollowUpAccept accept, CancellationToken cancellationToken)
    {
        var partition = keys.PartitionOfFollowUp(accept.Vendor, accept.VendorInterviewId);
        List<RedisKey> redisKeys =
            [accept.DedupeKey, keys.InboundFollowUps(partition), keys.InboundFollowUpTraces(partition)];
        List<RedisValue> args =
        [
            accept.Record, (long)accept.DedupeWindow.TotalMilliseconds, Member(accept.Vendor, accept.VendorInterviewId),
            accept.TraceParent ?? "",
        ];
        if (accept.LogEntry is { } entry)
        {
            redisKeys.Add(keys.VendorWebhookLog(partition));
            args.AddRange([RedisInboundWebhookLog.MaxEntriesPerPartition(log.Value, keys),
                (long)log.Value.Retention.TotalMilliseconds,
                Json(entry with { Outcome = FollowUpAccept.Outcome(true) }),
                Json(entry with { Outcome = FollowUpAccept.Outcome(false) }), InboundWebhookPager.IdPrefix, partition]);
            if (accept.TimelineFor(true, WebhookIdMarker) is { } asAccepted)
            {
                redisKeys.Add(keys.Timeline(accept.InterviewId));
                args.AddRange([IInterviewTimeline.MaxEntries, (long)retention.Events.TotalMilliseconds]);
                args.AddRange(AroundMarker(asAccepted));
                args.AddRange(AroundMarker(accept.TimelineFor(false, WebhookIdMarker)!));
            }
        }

        return (int)await Db.ScriptEvaluateAsync(AcceptScript, [.. redisKeys], [.. args]) == 1;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, GatewayJson.Store);

    private static RedisValue[] AroundMarker(TimelineEntry entry)
    {
        var json = Json(entry);
        var at = json.IndexOf(WebhookIdMarker, StringComparison.Ordinal);
        return [json[..at], json[(at + WebhookIdMarker.Length)..]];
    }

    public async Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        // Partition by partition, starting where the last lease left off, so none waits behind a busy one.
        var leased = new List<PendingFollowUp>();
        var first = Interlocked.Increment(ref _leaseFrom);
        for (var i = 0; i < keys.Partitions && leased.Count < max; i++)
        {
            var partition = (int)((uint)(first + i) % (uint)keys.Partitions);
            var result = (RedisResult[])(await Db.ScriptEvaluateAsync(LeaseScript, Keys(partition),
                [max - leased.Count, (long)lease.TotalMilliseconds]))!;
            var until = (long)result[0];
            leased.AddRange(Enumerable.Range(0, (result.Length - 1) / 3).Select(j => Parse(
                (string)result[1 + (3 * j)]!, until, (int)result[2 + (3 * j)], (string?)result[3 + (3 * j)])));
        }

        return leased;
    }

    public Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(CompleteScript, Keys(followUp),
            [Member(followUp.Vendor, followUp.VendorInterviewId), followUp.Lease]);

    public Task RetryAsync(PendingFollowUp followUp, TimeSpan delay, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(RetryScript, Keys(followUp),
            [Member(followUp.Vendor, followUp.VendorInterviewId), followUp.Lease, (long)delay.TotalMilliseconds]);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        RedisPartitioned.SumAsync(keys.AllPartitions.Select(p => Db.SortedSetLengthAsync(keys.InboundFollowUps(p))));

    /// The partition's queue, failure counts and traces, in the order every script takes them.
    private RedisKey[] Keys(int partition) =>
    [
        keys.InboundFollowUps(partition), keys.InboundFollowUpFailures(partition),
        keys.InboundFollowUpTraces(partition),
    ];

    private RedisKey[] Keys(PendingFollowUp followUp) =>
        Keys(keys.PartitionOfFollowUp(followUp.Vendor, followUp.VendorInterviewId));

    internal static string Member(string vendor, string vendorInterviewId) => $"{vendor}|{vendorInterviewId}";

    internal static PendingFollowUp Parse(string member, long lease, int failures, string? traceParent = null)
    {
        var bar = member.IndexOf('|', StringComparison.Ordinal);
        return new PendingFollowUp(member[..bar], member[(bar + 1)..], lease, failures,
            string.IsNullOrEmpty(traceParent) ? null : traceParent);
    }
}
