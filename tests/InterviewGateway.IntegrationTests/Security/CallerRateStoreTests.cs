using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace InterviewGateway.IntegrationTests.Security;

/// The caller limit's bucket: two instances (two connections) on one Redis spend one allowance.
public sealed class CallerRateStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Two_instances_on_one_redis_share_a_keys_allowance()
    {
        var keys = new RedisKeys($"igw-rate-{Guid.NewGuid():N}:");
        await using var second = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        ICallerRateStore[] instances =
            [new RedisCallerRateStore(redis.Connection, keys), new RedisCallerRateStore(second, keys)];

        var waits = new List<TimeSpan?>();
        for (var i = 0; i < 6; i++)
        {
            waits.Add((await instances[i % 2].TryTakeAsync("caller", 4, CancellationToken.None)).RetryAfter);
        }

        Assert.Equal(4, waits.Count(w => w is null));
        Assert.All(waits.Skip(4), w => Assert.InRange(w!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)));
        Assert.True((await instances[0].TryTakeAsync("another caller", 4, CancellationToken.None)).Taken);
    }

    [Fact]
    public async Task The_in_memory_bucket_refills_at_the_limit_per_minute()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var store = new InMemoryCallerRateStore(time);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await store.TryTakeAsync("caller", 3, CancellationToken.None)).Taken);
        }

        var refused = await store.TryTakeAsync("caller", 3, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(20), refused.RetryAfter);
        Assert.Equal("\"api-key\";r=0;t=60", refused.Field);
        time.Advance(TimeSpan.FromSeconds(20));
        var refilled = await store.TryTakeAsync("caller", 3, CancellationToken.None);
        Assert.True(refilled.Taken);
        Assert.Equal("\"api-key\";r=0;t=60", refilled.Field);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("\"api-key\";r=0;t=50", (await store.TryTakeAsync("caller", 3, CancellationToken.None)).Field);
    }
}
