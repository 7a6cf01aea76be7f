using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Vendors.Webhooks;

/// The dedupe mark (a string with TTL) and a sorted set of owed follow-ups (member `vendor|id`, score:
/// due time in Unix ms; a lease moves it forward), written together by one script.
internal sealed class RedisWebhookFollowUps(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
    : IWebhookFollowUps
{
    private const string AcceptScript = """
        if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        return 1
        """;

    private const string LeaseScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[3], member) end
        return due
        """;

    private const string CompleteScript = """
        if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1])) == tonumber(ARGV[2]) then
          redis.call('ZREM', KEYS[1], ARGV[1])
        end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> AcceptAsync(string dedupeKey, string record, TimeSpan dedupeWindow, string vendor,
        string vendorInterviewId,
        CancellationToken cancellationToken)
    {
        var result = await Db.ScriptEvaluateAsync(AcceptScript, [dedupeKey, keys.VendorWebhookPending],
            [record, (long)dedupeWindow.TotalMilliseconds, time.GetUtcNow().ToUnixTimeMilliseconds(), Member(vendor,
                vendorInterviewId)]);
        return (int)result == 1;
    }

    public async Task<IReadOnlyList<PendingFollowUp>> LeaseAsync(int max, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)lease.TotalMilliseconds;
        var result = await Db.ScriptEvaluateAsync(LeaseScript, [keys.VendorWebhookPending], [now, max, until]);
        return [.. ((RedisResult[])result!).Select(m => Parse((string)m!, until))];
    }

    public Task CompleteAsync(PendingFollowUp followUp, CancellationToken cancellationToken) =>
        Db.ScriptEvaluateAsync(CompleteScript, [keys.VendorWebhookPending], [Member(followUp.Vendor,
            followUp.VendorInterviewId), followUp.Lease]);

    internal static string Member(string vendor, string vendorInterviewId) => $"{vendor}|{vendorInterviewId}";

    internal static PendingFollowUp Parse(string member, long lease)
    {
        var bar = member.IndexOf('|', StringComparison.Ordinal);
        return new PendingFollowUp(member[..bar], member[(bar + 1)..], lease);
    }
}
