using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.Idempotency;

internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, RedisKeys keys) : IIdempotencyStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<(IdempotencyState State, IdempotentResponse? Response, string? Claim)> BeginAsync(
        string key, string fingerprint, CancellationToken cancellationToken)
    {
        var redisKey = (RedisKey)keys.Idempotency(key);
        for (var attempt = 0; ; attempt++)
        {
            var claim = IdempotencyRecords.NewClaim();
            if (await Db.StringSetAsync(redisKey, Serialize(IdempotencyRecords.Claimed(fingerprint, claim)),
                IIdempotencyStore.InProgressLease, When.NotExists))
            {
                return (IdempotencyState.Started, null, claim);
            }

            var existing = await Db.StringGetAsync(redisKey);
            if (!existing.IsNull || attempt == 1)
            {
                // Expired between the two commands: claim it once more rather than answer a false 409.
                return IdempotencyRecords.Judge(existing.IsNull ? null
                    : JsonSerializer.Deserialize<IdempotencyRecord>((string)existing!, GatewayJson.Store), fingerprint);
            }
        }
    }

    public Task CompleteAsync(string key, string claim, string fingerprint, IdempotentResponse response, TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        // Only while our claim is still the stored record (compare the exact value we wrote).
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.StringEqual(keys.Idempotency(key), Serialize(IdempotencyRecords.Claimed(fingerprint,
            claim))));
        _ = tx.StringSetAsync(keys.Idempotency(key), Serialize(new IdempotencyRecord(true, fingerprint, response)),
            ttl);
        return tx.ExecuteAsync();
    }

    public Task AbandonAsync(string key, string claim, string fingerprint, CancellationToken cancellationToken)
    {
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.StringEqual(keys.Idempotency(key), Serialize(IdempotencyRecords.Claimed(fingerprint,
            claim))));
        _ = tx.KeyDeleteAsync(keys.Idempotency(key));
        return tx.ExecuteAsync();
    }

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record, GatewayJson.Store);
}
