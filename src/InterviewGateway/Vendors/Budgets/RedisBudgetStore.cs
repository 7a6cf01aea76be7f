using System.Globalization;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Vendors.Budgets;

/// The GCRA of `Gcra.TryTake` as one Lua script, so every instance spends from the same budget. `now` is
/// Redis's clock (issue 17): a window compared against TATs that other instances wrote must not read the
/// calling instance's clock, or a host 5 s ahead holds callers on the others back by 5 s. Only a
/// simulation or a contract test in simulated time passes `BudgetClock.Caller`.
internal sealed class RedisBudgetStore(IConnectionMultiplexer redis, RedisKeys keys,
    BudgetClock clock = BudgetClock.Redis) : IBudgetStore
{
    // KEYS[1] pause, KEYS[2..n+1] window TATs (hash: tat, interval), KEYS[n+2] waiting marks
    // (priority -> until ms), KEYS[n+3..] use counters. ARGV[1] now ms ('' = Redis TIME), ARGV[2] n,
    // then per window: interval ms, tolerance ms; then priority, grace ms, mark step ms, and each use
    // counter's retention in seconds.
    private const string TakeScript = """
        local now = tonumber(ARGV[1])
        if not now then
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local pause = redis.call('PTTL', KEYS[1])
        if pause > 0 then return -pause end
        local n = tonumber(ARGV[2])
        local priority = tonumber(ARGV[3 + 2 * n])
        local marks = KEYS[n + 2]
        local wait = 0
        local grace = tonumber(ARGV[4 + 2 * n])
        -- the marks of every priority above this one and its own, in one read (issue 20)
        local fields = {}
        for p = 0, math.min(priority, 2) do fields[#fields + 1] = p end
        local seen = redis.call('HMGET', marks, unpack(fields))
        for p = 0, priority - 1 do
          local w = tonumber(seen[p + 1] or '0') - now
          -- Gcra.BehindMark: a step past that waiter's turn, not the end of its grace
          if w > 0 then w = math.min(w, math.max(w - grace, 0) + tonumber(ARGV[5 + 2 * n])) end
          if w > wait then wait = w end
        end
        local tats = {}
        for i = 1, n do
          local state = redis.call('HMGET', KEYS[1 + i], 'tat', 'interval')
          local tat = tonumber(state[1]) or 0
          if tat < now then tat = now end
          -- A changed limit keeps the requests already owed, rescaled to the new interval: a fresh
          -- bucket would hand out a whole new burst on top of what the vendor already counted.
          local interval = tonumber(ARGV[1 + 2 * i])
          local before = tonumber(state[2])
          if before and before ~= interval then tat = now + math.ceil((tat - now) * interval / before) end
          tats[i] = tat
          local w = tat - tonumber(ARGV[2 + 2 * i]) - now
          if w > wait then wait = w end
        end
        if wait > 0 then
          if priority < 3 then
            local mark = now + wait + tonumber(ARGV[4 + 2 * n])
            if mark > tonumber(seen[priority + 1] or '0') then
              redis.call('HSET', marks, priority, mark)
              if redis.call('PTTL', marks) < mark - now + 60000 then
                redis.call('PEXPIRE', marks, mark - now + 60000)
              end
            end
          end
          return wait
        end
        for i = 1, n do
          local interval = tonumber(ARGV[1 + 2 * i])
          local nextTat = tats[i] + interval
          redis.call('HSET', KEYS[1 + i], 'tat', nextTat, 'interval', interval)
          redis.call('PEXPIRE', KEYS[1 + i], nextTat - now + 60000)
        end
        -- a waiter that got its token takes its mark with it (Gcra.TryTake)
        if priority < 3 and seen[priority + 1] then redis.call('HDEL', marks, priority) end
        -- use counters (UsePeriods.Counters), each kept as long as the usage history reads it: the
        -- retention counts from the period's first request (one EXPIRE per period, not per request)
        for j = n + 3, #KEYS do
          if redis.call('INCR', KEYS[j]) == 1 then redis.call('EXPIRE', KEYS[j], ARGV[3 + 2 * n + j - n]) end
        end
        return 0
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<BudgetAttempt> TryTakeAsync(
        string vendor, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var redisKeys = new List<RedisKey> { keys.VendorPause(vendor) };
        var args = new List<RedisValue>
        {
            clock == BudgetClock.Caller ? now.ToUnixTimeMilliseconds() : "", windows.Count,
        };
        foreach (var window in windows)
        {
            redisKeys.Add(keys.BudgetBucket(vendor, window.Name));
            args.Add(window.IntervalMs);
            args.Add(window.ToleranceMs(priority));
        }

        redisKeys.Add(keys.BudgetBucket(vendor, "waiting"));
        args.Add((int)priority);
        args.Add(Gcra.WaitingGraceMs);
        args.Add(Gcra.MarkStepMs);
        foreach (var (kind, period, retention) in UsePeriods.Counters(now))
        {
            redisKeys.Add(keys.BudgetUsage(vendor, kind, period));
            args.Add((long)retention.TotalSeconds);
        }

        var result = (long)await Db.ScriptEvaluateAsync(TakeScript, [.. redisKeys], [.. args]);
        return new BudgetAttempt(TimeSpan.FromMilliseconds(Math.Abs(result)), Paused: result < 0);
    }

    public async Task PauseUntilAsync(
        string vendor, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ttl = until - now;
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        // Keep the longer of two pauses: GT only extends an existing expiry.
        var key = keys.VendorPause(vendor);
        if (!await Db.StringSetAsync(key, until.ToUnixTimeMilliseconds(), ttl, When.NotExists))
        {
            await Db.KeyExpireAsync(key, ttl, ExpireWhen.GreaterThanCurrentExpiry);
        }
    }

    public async Task<BudgetUse> GetUseAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (minute, hour, month) = UsePeriods.At(now);
        var values = await Db.StringGetAsync(
            [keys.BudgetUsage(vendor, "m", minute), keys.BudgetUsage(vendor, "h", hour),
                keys.BudgetUsage(vendor, "M", month)]);
        var pauseTtl = await Db.KeyTimeToLiveAsync(keys.VendorPause(vendor));
        return new BudgetUse(
            (long)values[0].ToString().ParseOrZero(), (long)values[1].ToString().ParseOrZero(),
                (long)values[2].ToString().ParseOrZero(),
            pauseTtl is { } ttl && ttl > TimeSpan.Zero ? now + ttl : null);
    }

    public async Task<UseHistory> GetHistoryAsync(string vendor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var periods = UsePeriods.History(now);
        var values = await Db.StringGetAsync([.. periods.Select(p => (RedisKey)keys.BudgetUsage(vendor, p.Kind,
            p.Label))]);
        return UseHistory.From(periods, [.. values.Select(v => v.ToString().ParseOrZero())]);
    }
}

file static class ParseExtensions
{
    public static long ParseOrZero(this string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
