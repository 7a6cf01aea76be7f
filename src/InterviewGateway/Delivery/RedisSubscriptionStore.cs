using System.Text.Json;
using InterviewGateway.Infrastructure.Json;
using InterviewGateway.Infrastructure.Redis;
using StackExchange.Redis;

namespace InterviewGateway.Delivery;

/// The subscription catalog (records, index, version) shares one hash tag, so its transactions stay on one
/// cluster slot; each subscription's delivery data lives in its partition (RedisKeys).
internal sealed class RedisSubscriptionStore(IConnectionMultiplexer redis, RedisKeys keys) : ISubscriptionStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task SaveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var tx = Db.CreateTransaction();
        _ = tx.StringSetAsync(keys.Subscription(subscription.Id),
            JsonSerializer.Serialize(subscription, GatewayJson.Store));
        _ = tx.SortedSetAddAsync(keys.SubscriptionIndex, subscription.Id, 0);
        _ = tx.StringIncrementAsync(keys.SubscriptionsVersion);
        await tx.ExecuteAsync();
    }

    public async Task<long> GetVersionAsync(CancellationToken cancellationToken) =>
        (long)await Db.StringGetAsync(keys.SubscriptionsVersion);

    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var json = await Db.StringGetAsync(keys.Subscription(id));
        return json.IsNull ? null : JsonSerializer.Deserialize<Subscription>((string)json!, GatewayJson.Store);
    }

    public async Task<Subscription?> UpdateAsync(string id, Func<Subscription, Subscription?> change,
        CancellationToken cancellationToken)
    {
        var key = keys.Subscription(id);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var json = await Db.StringGetAsync(key);
            if (json.IsNull
                || change(JsonSerializer.Deserialize<Subscription>((string)json!, GatewayJson.Store)!)
                    is not { } updated)
            {
                return null;
            }

            // Written only if nobody changed (or deleted) it since it was read.
            var tx = Db.CreateTransaction();
            tx.AddCondition(Condition.StringEqual(key, json));
            _ = tx.StringSetAsync(key, JsonSerializer.Serialize(updated, GatewayJson.Store));
            _ = tx.StringIncrementAsync(keys.SubscriptionsVersion);
            if (await tx.ExecuteAsync())
            {
                return updated;
            }
        }

        throw Infrastructure.Errors.ProblemException.Conflict(
            $"Subscription '{id}' is changing too often to update; retry shortly.");
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        // The catalog's keys share one slot; the attempt log and held deliveries live in the subscription's
        // partition, so they go in a second step (a retry of the delete finishes it).
        var tx = Db.CreateTransaction();
        var deleted = tx.KeyDeleteAsync(keys.Subscription(id));
        _ = tx.SortedSetRemoveAsync(keys.SubscriptionIndex, id);
        _ = tx.StringIncrementAsync(keys.SubscriptionsVersion);
        await tx.ExecuteAsync();
        await Db.KeyDeleteAsync([keys.DeliveryAttempts(id), keys.DeliveryHeld(id)]);
        return await deleted;
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await Db.SortedSetRangeByValueAsync(keys.SubscriptionIndex);
        var loaded = await Task.WhenAll(ids.Select(id => GetAsync(id!, cancellationToken)));
        return [.. loaded.OfType<Subscription>()];
    }

    public async Task AddAttemptAsync(string subscriptionId, DeliveryAttempt attempt,
        CancellationToken cancellationToken)
    {
        // LPUSH answers the length, so the trim runs now and then (concurrent pushes see distinct lengths)
        // rather than on every line; reads stop at the 1,000 kept.
        var key = keys.DeliveryAttempts(subscriptionId);
        var length = await Db.ListLeftPushAsync(key, JsonSerializer.Serialize(attempt, GatewayJson.Store));
        if (length > SubscriptionLimits.AttemptsKept + TrimSlack && length % 32 == 0)
        {
            await Db.ListTrimAsync(key, 0, SubscriptionLimits.AttemptsKept - 1);
        }
    }

    private const int TrimSlack = 100;

    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(string subscriptionId,
        CancellationToken cancellationToken)
    {
        var values = await Db.ListRangeAsync(keys.DeliveryAttempts(subscriptionId), 0,
            SubscriptionLimits.AttemptsKept - 1);
        return [.. values.Select(v => JsonSerializer.Deserialize<DeliveryAttempt>((string)v!, GatewayJson.Store)!)];
    }

    /// Newest first, so everything after the first line older than `before` goes.
    public async Task PruneAttemptsAsync(string subscriptionId, DateTimeOffset before,
        CancellationToken cancellationToken)
    {
        var key = keys.DeliveryAttempts(subscriptionId);
        var lines = await ListAttemptsAsync(subscriptionId, cancellationToken);
        var keep = lines.TakeWhile(a => a.AttemptedAt >= before).Count();
        if (keep == 0)
        {
            await Db.KeyDeleteAsync(key);
        }
        else if (keep < lines.Count || lines.Count >= SubscriptionLimits.AttemptsKept)
        {
            await Db.ListTrimAsync(key, 0, keep - 1);
        }
    }

    public async Task HoldAsync(string subscriptionId, string eventId, int attempt, CancellationToken cancellationToken)
    {
        var key = keys.DeliveryHeld(subscriptionId);
        await Db.HashSetAsync(key, eventId, attempt);
        await Db.KeyExpireAsync(key, Events.IEventStore.Retention); // held events expire with the events
    }

    public async Task<IReadOnlyDictionary<string, int>> ListHeldAsync(string subscriptionId,
        CancellationToken cancellationToken) =>
        ToHeld(await Db.HashGetAllAsync(keys.DeliveryHeld(subscriptionId)));

    public async Task<IReadOnlyDictionary<string, int>> TakeHeldAsync(string subscriptionId,
        CancellationToken cancellationToken)
    {
        var tx = Db.CreateTransaction();
        var held = tx.HashGetAllAsync(keys.DeliveryHeld(subscriptionId));
        _ = tx.KeyDeleteAsync(keys.DeliveryHeld(subscriptionId));
        await tx.ExecuteAsync();
        return ToHeld(await held);
    }

    private static Dictionary<string, int> ToHeld(HashEntry[] entries) =>
        entries.ToDictionary(e => (string)e.Name!, e => (int)e.Value, StringComparer.Ordinal);
}
