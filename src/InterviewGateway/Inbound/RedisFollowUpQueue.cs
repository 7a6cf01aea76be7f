using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Inbound;

/// The dedupe mark (a string with TTL), a sorted set of owed follow-ups (member `vendor|id`, score: due
/// time in Redis-clock Unix ms; a lease or a backoff moves it forward) and a hash of failure counts; the
/// set and hash are split into partitions, each follow-up in the partition of its member (RedisKeys).
internal sealed class RedisFollowUpQueue(IConnectionMultiplexer redis, RedisKeys keys) : IFollowUpQueue
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    private const string AcceptScript = Now + """
        if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
        redis.call('ZADD', KEYS[2], now, ARGV[3])
        return 1
        """;

    // Returns the lease (its end) followed by member, failures pairs.
    private const string LeaseScript = Now + """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, ARGV[1])
        local untilMs = now + tonumber(ARGV[2])
        local out = { untilMs }
        for _, member in ipairs(due) do
          redis.call('ZADD', KEYS[1], untilMs, member)
          out[#out + 1] = member
          out[#out + 1] = tonumber(redis.call('HGET', KEYS[2], member) or '0')
        end
        return out
        """;

    private const string CompleteScript = """
        if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1])) == tonumber(ARGV[2]) then
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
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

    private int _leaseFrom;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> AcceptAsync(string dedupeKey, string record, TimeSpan dedupeWindow, string vendor,
        string vendorInterviewId, CancellationToken cancellationToken)
    {
        // The mark (RedisKeys.VendorWebhookSeen) is in the follow-up's partition, so the script has one slot.
        var result = await Db.ScriptEvaluateAsync(AcceptScript,
            [dedupeKey, keys.InboundFollowUps(keys.PartitionOfFollowUp(vendor, vendorInterviewId))],
            [record, (long)dedupeWindow.TotalMilliseconds, Member(vendor, vendorInterviewId)]);
        return (int)result == 1;
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
            leased.AddRange(Enumerable.Range(0, (result.Length - 1) / 2)
                .Select(j => Parse((string)result[1 + (2 * j)]!, until, (int)result[2 + (2 * j)])));
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

    private RedisKey[] Keys(int partition) =>
        [keys.InboundFollowUps(partition), keys.InboundFollowUpFailures(partition)];

    private RedisKey[] Keys(PendingFollowUp followUp) =>
        Keys(keys.PartitionOfFollowUp(followUp.Vendor, followUp.VendorInterviewId));

    internal static string Member(string vendor, string vendorInterviewId) => $"{vendor}|{vendorInterviewId}";

    internal static PendingFollowUp Parse(string member, long lease, int failures)
    {
        var bar = member.IndexOf('|', StringComparison.Ordinal);
        return new PendingFollowUp(member[..bar], member[(bar + 1)..], lease, failures);
    }
}
