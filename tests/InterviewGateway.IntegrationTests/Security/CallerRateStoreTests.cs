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
            waits.Add(await instances[i % 2].TryTakeAsync("caller", 4, CancellationToken.None));
        }

        Assert.Equal(4, waits.Count(w => w is null));
        Assert.All(waits.Skip(4), w => Assert.InRange(w!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)));
        Assert.Null(await instances[0].TryTakeAsync("another caller", 4, CancellationToken.None));
    }

    [Fact]
    public async Task The_in_memory_bucket_refills_at_the_limit_per_minute()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var store = new InMemoryCallerRateStore(time);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await store.TryTakeAsync("caller", 3, CancellationToken.None));
        }

        Assert.Equal(TimeSpan.FromSeconds(20), await store.TryTakeAsync("caller", 3, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await store.TryTakeAsync("caller", 3, CancellationToken.None));
        Assert.NotNull(await store.TryTakeAsync("caller", 3, CancellationToken.None));
    }
}
