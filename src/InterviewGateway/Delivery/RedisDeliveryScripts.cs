namespace InterviewGateway.Delivery;

/// The Lua behind RedisDeliveryQueue: each is one atomic step over a subscription's state hash and
/// stream (or the shared retry set), so two instances never both queue, promote or forget one message.
internal static class RedisDeliveryScripts
{
    // Every XADD marks its subscription active (issue 20: an idle instance reads and maintains only active
    // queues); the first mark publishes on the set's name, which wakes every instance's dispatcher.
    private const string MarkActive = """
        local function active(set, sub)
          if redis.call('SADD', set, sub) == 1 then redis.call('PUBLISH', set, sub) end
        end

        """;

    // KEYS[1] states, KEYS[2] stream, KEYS[3] active set. ARGV[1] event id, ARGV[2] now ms, ARGV[3]
    // subscription id. The state decides; the stream follows.
    public const string EnqueueFirst = MarkActive + """
        if redis.call('HSETNX', KEYS[1], ARGV[1], 'q|1|' .. ARGV[2]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[1], 'a', '1', 'd', ARGV[2])
        active(KEYS[3], ARGV[3])
        return 1
        """;

    // KEYS[1] states, KEYS[2] stream, KEYS[3] retries. ARGV[1] event id, ARGV[2] the message's attempt,
    // ARGV[3] group, ARGV[4] message id, ARGV[5] next state ('' = leave it), ARGV[6] retry member, ARGV[7]
    // its due ms ('' = none). The outcome is written only while the message's attempt is still the current,
    // queued one (issue 17): a `recover` that queued attempt n+1 meanwhile, or a copy that another instance
    // claimed and delivered, keeps its newer state.
    public const string Complete = """
        local current = false
        if ARGV[5] ~= '' then
          local s = redis.call('HGET', KEYS[1], ARGV[1])
          current = s and string.match(s, '^q|(%d+)|') == ARGV[2]
          if current then
            if ARGV[7] ~= '' then redis.call('ZADD', KEYS[3], ARGV[7], ARGV[6]) end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[5])
          end
        end
        redis.call('XACK', KEYS[2], ARGV[3], ARGV[4])
        return current and 1 or 0
        """;

    // KEYS[1..4] the subscription's queue keys, KEYS[5] tombstones. ARGV[1] subscription id.
    public const string Purge = """
        local t = redis.call('TIME')
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
        redis.call('ZADD', KEYS[5], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
        return 1
        """;

    // KEYS[1] tombstones. ARGV[1] settled ms, ARGV[2] keep ms. Forgets old tombstones, returns settled ids.
    public const string Tombstones = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[2])))
        return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
        """;

    // KEYS[1] states, KEYS[2] stream, KEYS[3] active set. ARGV[1] event id, ARGV[2] attempt, ARGV[3] now ms,
    // ARGV[4] subscription id.
    public const string Enqueue = MarkActive + """
        redis.call('HSET', KEYS[1], ARGV[1], 'q|' .. ARGV[2] .. '|' .. ARGV[3])
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[1], 'a', ARGV[2], 'd', ARGV[3])
        active(KEYS[3], ARGV[4])
        return 1
        """;

    // KEYS[1] states, KEYS[2] stream, KEYS[3] active set. ARGV[1] now ms, ARGV[2] live-since ms, ARGV[3]
    // subscription id, ARGV[4..] event ids.
    public const string Requeue = MarkActive + """
        local n = 0
        for i = 4, #ARGV do
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
        if n > 0 then active(KEYS[3], ARGV[3]) end
        return n
        """;

    // KEYS[1] retries. ARGV[1] now ms, ARGV[2] max, ARGV[3] stream key prefix, ARGV[4] active set.
    // Members: sub|event|attempt.
    public const string Promote = MarkActive + """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        local members = {}
        for i = 1, #due, 2 do
          local sub, e, a = string.match(due[i], '^([^|]+)|([^|]+)|(%d+)$')
          -- a deleted subscription's stream is gone: its retries are dropped, not recreated as orphans
          if sub and redis.call('EXISTS', ARGV[3] .. sub) == 1 then
            redis.call('XADD', ARGV[3] .. sub, '*', 'e', e, 'a', a, 'd', due[i + 1])
            active(ARGV[4], sub)
          end
          members[#members + 1] = due[i]
        end
        if #members > 0 then redis.call('ZREM', KEYS[1], unpack(members)) end
        return #members
        """;

    // KEYS[1] stream. ARGV[1] group. Consumers with nothing pending (dead instances' names; a live one is
    // recreated by its next read) are removed atomically, so no message is taken in between and lost.
    public const string ForgetIdleConsumers = """
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

    // KEYS[1] stream, KEYS[2] active set. ARGV[1] group, ARGV[2] subscription id. Takes the subscription
    // out of the active set when its queue is finished: nothing pending, everything added handed out (a
    // stream nobody has read yet stays active). Atomic with any XADD, which marks it active again.
    public const string Settle = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('SREM', KEYS[2], ARGV[2])
          return 1
        end
        local info = redis.call('XINFO', 'STREAM', KEYS[1])
        local last
        for i = 1, #info, 2 do if info[i] == 'last-generated-id' then last = info[i + 1] end end
        for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
          local f = {}
          for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
          if f['name'] == ARGV[1] then
            if tonumber(f['pending']) == 0 and f['last-delivered-id'] == last then
              redis.call('SREM', KEYS[2], ARGV[2])
              return 1
            end
            return 0
          end
        end
        return 0
        """;
}
