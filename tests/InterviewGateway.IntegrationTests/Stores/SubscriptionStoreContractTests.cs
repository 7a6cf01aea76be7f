using InterviewGateway.Delivery;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;

namespace InterviewGateway.IntegrationTests.Stores;

/// Held-back deliveries behave the same in memory and in Redis: a later hold of the same event wins,
/// taking empties the set, and deleting the subscription forgets them.
public abstract class SubscriptionStoreContract
{
    internal abstract ISubscriptionStore Store { get; }

    [Fact]
    public async Task Held_deliveries_are_listed_taken_once_and_dropped_with_the_subscription()
    {
        var ct = CancellationToken.None;
        await Store.HoldAsync("sub_a", "evt_1", 2, ct);
        await Store.HoldAsync("sub_a", "evt_2", 1, ct);
        await Store.HoldAsync("sub_a", "evt_1", 3, ct);
        await Store.HoldAsync("sub_b", "evt_1", 1, ct);

        Assert.Equal(new Dictionary<string, int> { ["evt_1"] = 3, ["evt_2"] = 1 }, await Store.ListHeldAsync("sub_a", ct));
        Assert.Equal(new Dictionary<string, int> { ["evt_1"] = 3, ["evt_2"] = 1 }, await Store.TakeHeldAsync("sub_a", ct));
        Assert.Empty(await Store.TakeHeldAsync("sub_a", ct));

        await Store.DeleteAsync("sub_b", ct);
        Assert.Empty(await Store.ListHeldAsync("sub_b", ct));
    }
}

public sealed class InMemorySubscriptionStoreTests : SubscriptionStoreContract
{
    internal override ISubscriptionStore Store { get; } = new InMemorySubscriptionStore();
}

public sealed class RedisSubscriptionStoreTests(RedisServerFixture redis) : SubscriptionStoreContract, IClassFixture<RedisServerFixture>
{
    internal override ISubscriptionStore Store { get; } = new RedisSubscriptionStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"));
}
