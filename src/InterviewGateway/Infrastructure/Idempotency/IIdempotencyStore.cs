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

internal sealed record IdempotencyRecord(bool Done, string Fingerprint, IdempotentResponse? Response);

/// Idempotency keys, scoped per API key by the caller of this store. A claim (request running) lives
/// for `InProgressLease` only, so a crashed request blocks its key for minutes, not a day; a completed
/// response is kept for the full retention.
internal interface IIdempotencyStore
{
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(2);

    /// Claims the key for this request, or says why not (running, other body, or a stored response).
    Task<(IdempotencyState State, IdempotentResponse? Response)> BeginAsync(string key, string fingerprint, CancellationToken cancellationToken);

    Task CompleteAsync(string key, string fingerprint, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken);

    /// Forget the claim: the request failed in a way a retry may fix.
    Task AbandonAsync(string key, CancellationToken cancellationToken);
}

internal static class IdempotencyRecords
{
    public static (IdempotencyState, IdempotentResponse?) Judge(IdempotencyRecord? existing, string fingerprint) => existing switch
    {
        null => (IdempotencyState.InProgress, null),
        { Fingerprint: var f } when f != fingerprint => (IdempotencyState.Mismatch, null),
        { Done: true, Response: { } response } => (IdempotencyState.Replay, response),
        _ => (IdempotencyState.InProgress, null),
    };
}

internal sealed class InMemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, (IdempotencyRecord Record, DateTimeOffset Expires)> _records = new(StringComparer.Ordinal);

    public Task<(IdempotencyState State, IdempotentResponse? Response)> BeginAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = (new IdempotencyRecord(false, fingerprint, null), now + IIdempotencyStore.InProgressLease);
        var stored = _records.AddOrUpdate(key, fresh, (_, existing) => existing.Expires <= now ? fresh : existing);
        return Task.FromResult(ReferenceEquals(stored.Record, fresh.Item1)
            ? (IdempotencyState.Started, (IdempotentResponse?)null)
            : IdempotencyRecords.Judge(stored.Record, fingerprint));
    }

    public Task CompleteAsync(string key, string fingerprint, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        _records[key] = (new IdempotencyRecord(true, fingerprint, response), time.GetUtcNow() + ttl);
        return Task.CompletedTask;
    }

    public Task AbandonAsync(string key, CancellationToken cancellationToken)
    {
        _records.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}

internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, RedisKeys keys) : IIdempotencyStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<(IdempotencyState State, IdempotentResponse? Response)> BeginAsync(string key, string fingerprint, CancellationToken cancellationToken)
    {
        var redisKey = (RedisKey)keys.Idempotency(key);
        for (var attempt = 0; ; attempt++)
        {
            if (await Db.StringSetAsync(redisKey, Serialize(new IdempotencyRecord(false, fingerprint, null)), IIdempotencyStore.InProgressLease, When.NotExists))
            {
                return (IdempotencyState.Started, null);
            }

            var existing = await Db.StringGetAsync(redisKey);
            if (!existing.IsNull || attempt == 1)
            {
                // Expired between the two commands: claim it once more rather than answer a false 409.
                return IdempotencyRecords.Judge(existing.IsNull ? null : JsonSerializer.Deserialize<IdempotencyRecord>((string)existing!, GatewayJson.Store), fingerprint);
            }
        }
    }

    public Task CompleteAsync(string key, string fingerprint, IdempotentResponse response, TimeSpan ttl, CancellationToken cancellationToken) =>
        Db.StringSetAsync(keys.Idempotency(key), Serialize(new IdempotencyRecord(true, fingerprint, response)), ttl);

    public Task AbandonAsync(string key, CancellationToken cancellationToken) => Db.KeyDeleteAsync(keys.Idempotency(key));

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record, GatewayJson.Store);
}
