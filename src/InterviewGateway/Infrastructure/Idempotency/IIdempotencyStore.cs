using System.Collections.Concurrent;
using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Idempotency;

internal sealed record IdempotentResponse(int Status, string Body, string? Location);

internal enum IdempotencyState
{
    Started,
    InProgress,
    Mismatch,
    Replay,
}

/// `Claim` identifies the request that holds an in-progress record, so only that request can complete
/// or abandon it (a request that outlived its lease must not overwrite a later one's claim).
internal sealed record IdempotencyRecord(bool Done, string Fingerprint, IdempotentResponse? Response, string? Claim = null);

/// Idempotency keys, scoped per API key by the caller of this store. A claim (request running) lives
/// for `InProgressLease` only, so a crashed request blocks its key for minutes, not a day; a completed
/// response is kept for the full retention.
internal interface IIdempotencyStore
{
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(2);

    /// Claims the key for this request (returning the claim), or says why not (running, other body, or
    /// a stored response).
    Task<(IdempotencyState State, IdempotentResponse? Response, string? Claim)> BeginAsync(string key, string fingerprint, CancellationToken cancellationToken);

    /// Stores the response, if this request's claim is still the one held.
    Task CompleteAsync(string key, string claim, string fingerprint, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken);

    /// Forgets this request's claim (and nothing else): the request failed in a way a retry may fix.
    Task AbandonAsync(string key, string claim, string fingerprint, CancellationToken cancellationToken);
}

internal static class IdempotencyRecords
{
    public static (IdempotencyState, IdempotentResponse?, string?) Judge(IdempotencyRecord? existing, string fingerprint) => existing switch
    {
        null => (IdempotencyState.InProgress, null, null),
        { Fingerprint: var f } when f != fingerprint => (IdempotencyState.Mismatch, null, null),
        { Done: true, Response: { } response } => (IdempotencyState.Replay, response, null),
        _ => (IdempotencyState.InProgress, null, null),
    };

    public static IdempotencyRecord Claimed(string fingerprint, string claim) => new(false, fingerprint, null, claim);

    public static string NewClaim() => Guid.NewGuid().ToString("N");
}

internal sealed class InMemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, (IdempotencyRecord Record, DateTimeOffset Expires)> _records = new(StringComparer.Ordinal);

    public Task<(IdempotencyState State, IdempotentResponse? Response, string? Claim)> BeginAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claim = IdempotencyRecords.NewClaim();
        var fresh = (IdempotencyRecords.Claimed(fingerprint, claim), now + IIdempotencyStore.InProgressLease);
        var stored = _records.AddOrUpdate(key, fresh, (_, existing) => existing.Expires <= now ? fresh : existing);
        return Task.FromResult(ReferenceEquals(stored.Record, fresh.Item1)
            ? (IdempotencyState.Started, (IdempotentResponse?)null, (string?)claim)
            : IdempotencyRecords.Judge(stored.Record, fingerprint));
    }

    public Task CompleteAsync(string key, string claim, string fingerprint, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_records.TryGetValue(key, out var current) && current.Record.Claim == claim && !current.Record.Done)
        {
            _records.TryUpdate(key, (new IdempotencyRecord(true, fingerprint, response), time.GetUtcNow() + ttl), current);
        }

        return Task.CompletedTask;
    }

    public Task AbandonAsync(string key, string claim, string fingerprint, CancellationToken cancellationToken)
    {
        if (_records.TryGetValue(key, out var current) && current.Record.Claim == claim && !current.Record.Done)
        {
            _records.TryRemove(new KeyValuePair<string, (IdempotencyRecord, DateTimeOffset)>(key, current));
        }

        return Task.CompletedTask;
    }
}

internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, RedisKeys keys) : IIdempotencyStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<(IdempotencyState State, IdempotentResponse? Response, string? Claim)> BeginAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        var redisKey = (RedisKey)keys.Idempotency(key);
        for (var attempt = 0; ; attempt++)
        {
            var claim = IdempotencyRecords.NewClaim();
            if (await Db.StringSetAsync(redisKey, Serialize(IdempotencyRecords.Claimed(fingerprint, claim)), IIdempotencyStore.InProgressLease, When.NotExists))
            {
                return (IdempotencyState.Started, null, claim);
            }

            var existing = await Db.StringGetAsync(redisKey);
            if (!existing.IsNull || attempt == 1)
            {
                // Expired between the two commands: claim it once more rather than answer a false 409.
                return IdempotencyRecords.Judge(existing.IsNull ? null : JsonSerializer.Deserialize<IdempotencyRecord>((string)existing!, GatewayJson.Store), fingerprint);
            }
        }
    }

    public Task CompleteAsync(string key, string claim, string fingerprint, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        // Only while our claim is still the stored record (compare the exact value we wrote).
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.StringEqual(keys.Idempotency(key), Serialize(IdempotencyRecords.Claimed(fingerprint, claim))));
        _ = tx.StringSetAsync(keys.Idempotency(key), Serialize(new IdempotencyRecord(true, fingerprint, response)), ttl);
        return tx.ExecuteAsync();
    }

    public Task AbandonAsync(string key, string claim, string fingerprint, CancellationToken cancellationToken)
    {
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.StringEqual(keys.Idempotency(key), Serialize(IdempotencyRecords.Claimed(fingerprint, claim))));
        _ = tx.KeyDeleteAsync(keys.Idempotency(key));
        return tx.ExecuteAsync();
    }

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record, GatewayJson.Store);
}
