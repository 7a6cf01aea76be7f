namespace InterviewGateway.Delivery;

/// The Lua behind RedisDeliveryQueue: each is one atomic step over a subscription's state hash and
/// stream (or its partition's retry set), so two instances never both queue, promote or forget one message.
/// Every key is passed in KEYS and all of one script's keys share the partition's hash tag (RedisKeys).
internal static class RedisDeliveryScripts
{
    // Every XADD marks its subscription active in its partition's set (issue 20: an idle instance reads and
    // maintains only active queues); the first mark publishes on the wake channel (a channel, not a key, so
    // any slot may publish on it), which wakes every instance's dispatcher.
    private const string MarkActive = """
        local function active(set, sub, channel)
          if redis.call('SADD', set, sub) == 1 then redis.call('PUBLISH', channel, sub) end
        end

        """;

    // KEYS[1] states, KEYS[2] stream, KEYS[3] active set. ARGV[1] event id, ARGV[2] now ms, ARGV[3]
    // subscription id, ARGV[4] wake channel. The state decides; the stream follows.
    public const string EnqueueFirst = MarkActive + """
        if redis.call('HSETNX', KEYS[1], ARGV[1], 'q|1|' .. ARGV[2]) == 0 then return 0 end
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[1], 'a', '1', 'd', ARGV[2])
        active(KEYS[3], ARGV[3], ARGV[4])
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
    // ARGV[4] subscription id, ARGV[5] wake channel.
    public const string Enqueue = MarkActive + """
        redis.call('HSET', KEYS[1], ARGV[1], 'q|' .. ARGV[2] .. '|' .. ARGV[3])
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[1], 'a', ARGV[2], 'd', ARGV[3])
        active(KEYS[3], ARGV[4], ARGV[5])
        return 1
        """;

    // KEYS[1] states, KEYS[2] stream, KEYS[3] active set. ARGV[1] now ms, ARGV[2] live-since ms, ARGV[3]
    // subscription id, ARGV[4] wake channel, ARGV[5..] event ids.
    public const string Requeue = MarkActive + """
        local n = 0
        for i = 5, #ARGV do
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
        if n > 0 then active(KEYS[3], ARGV[3], ARGV[4]) end
        return n
        """;

    // KEYS[1] a partition's retries, KEYS[2] its active set, KEYS[3..] the streams of the subscriptions
    // named (all in that partition, so one slot). ARGV[1] now ms, ARGV[2] wake channel, then per candidate
    // (read just before): member sub|event|attempt, index of its stream in KEYS. A candidate another
    // instance promoted meanwhile is no longer in the set, or not due, and is skipped.
    public const string Promote = MarkActive + """
        local n = 0
        for i = 3, #ARGV, 2 do
          local member, stream = ARGV[i], KEYS[tonumber(ARGV[i + 1])]
          local due = redis.call('ZSCORE', KEYS[1], member)
          if due and tonumber(due) <= tonumber(ARGV[1]) then
            local sub, e, a = string.match(member, '^([^|]+)|([^|]+)|(%d+)$')
            -- a deleted subscription's stream is gone: its retries are dropped, not recreated as orphans
            if sub and redis.call('EXISTS', stream) == 1 then
              redis.call('XADD', stream, '*', 'e', e, 'a', a, 'd', due)
              active(KEYS[2], sub, ARGV[2])
            end
            redis.call('ZREM', KEYS[1], member)
            n = n + 1
          end
        end
        return n
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
