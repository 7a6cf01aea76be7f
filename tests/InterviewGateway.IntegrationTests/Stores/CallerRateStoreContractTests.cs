using InterviewGateway.Infrastructure.Auth;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.IntegrationTests.Stores;

/// Callers' token buckets: a full bucket of `perMinute` tokens per API key, then a wait of the time one
/// token takes to refill (60 s / perMinute), and keys never share a bucket.
public abstract class CallerRateStoreContract
{
    internal abstract ICallerRateStore Store { get; }

    [Fact]
    public async Task A_key_spends_its_limit_then_waits_for_one_token_and_other_keys_are_unaffected()
    {
        var caller = $"caller-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await Store.TryTakeAsync(caller, 3, default));
        }

        // One token of a 3-a-minute bucket takes 20 s; a few ms may have refilled meanwhile.
        var wait = await Store.TryTakeAsync(caller, 3, default);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(20));
        Assert.NotNull(await Store.TryTakeAsync(caller, 3, default)); // still empty

        Assert.Null(await Store.TryTakeAsync($"other-{Guid.NewGuid():N}", 3, default));
    }
}

public sealed class InMemoryCallerRateStoreTests : CallerRateStoreContract
{
    internal override ICallerRateStore Store { get; } = new InMemoryCallerRateStore(new FakeTimeProvider());
}

public sealed class RedisCallerRateStoreTests(RedisServerFixture redis)
    : CallerRateStoreContract, IClassFixture<RedisServerFixture>
{
    internal override ICallerRateStore Store { get; } =
        new RedisCallerRateStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"));
}
