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
            var taken = await Store.TryTakeAsync(caller, 3, default);
            Assert.True(taken.Taken);
            Assert.Equal(2 - i, taken.Remaining);
        }

        // One token of a 3-a-minute bucket takes 20 s; a few ms may have refilled meanwhile.
        var refused = await Store.TryTakeAsync(caller, 3, default);
        Assert.NotNull(refused.RetryAfter);
        Assert.InRange(refused.RetryAfter.Value, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(20));
        Assert.Equal(0, refused.Remaining);
        Assert.InRange(refused.ResetSeconds, 59, 60);
        Assert.False((await Store.TryTakeAsync(caller, 3, default)).Taken); // still empty

        Assert.True((await Store.TryTakeAsync($"other-{Guid.NewGuid():N}", 3, default)).Taken);
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
