using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Operations;

namespace InterviewGateway.IntegrationTests.Stores;

/// A running operation belongs to the instance holding its lease: nobody else saves it or takes it over
/// until the lease ends unrenewed; a finished one is never taken over. Real time: the Redis lease runs
/// on the server's clock.
public abstract class OperationStoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(400);

    internal abstract IOperationStore Store { get; }

    [Fact]
    public async Task Only_the_lease_holder_saves_and_an_expired_lease_is_taken_over_once()
    {
        var now = DateTimeOffset.UtcNow;
        var started = new Operation($"op_{Guid.NewGuid():N}", "subscription.recover", "sub_1", now.AddHours(-1),
            OperationState.Running, 0, 0, null, null, now, now);
        await Store.CreateAsync(started, "a", Lease, default);

        Assert.Empty(await Store.ClaimAbandonedAsync("b", Lease, 10, default));
        Assert.False(await Store.SaveAsync(started with { Scanned = 99 }, "b", Lease, default));
        Assert.True(await Store.SaveAsync(started with { Scanned = 1000, Resume = now }, "a", Lease, default));
        Assert.Equal((1000L, now), ((await Store.GetAsync(started.Id, default))!.Scanned,
            (await Store.GetAsync(started.Id, default))!.Resume));

        await Task.Delay(Lease * 2); // "a" stopped renewing
        Assert.Equal([started.Id], await Store.ClaimAbandonedAsync("b", Lease, 10, default));
        Assert.Empty(await Store.ClaimAbandonedAsync("c", Lease, 10, default));
        Assert.False(await Store.SaveAsync(started with { Scanned = 2000 }, "a", Lease, default));
        Assert.True(await Store.SaveAsync(started with { State = OperationState.Completed, Scanned = 3000 }, "b",
            Lease, default));

        await Task.Delay(Lease * 2);
        Assert.Empty(await Store.ClaimAbandonedAsync("c", Lease, 10, default));
        var finished = await Store.GetAsync(started.Id, default);
        Assert.Equal((OperationState.Completed, 3000L), (finished!.State, finished.Scanned));
        Assert.Null(await Store.GetAsync("op_missing", default));
    }

    [Fact]
    public async Task Instances_racing_to_claim_abandoned_operations_take_each_once()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 30).Select(_ => $"op_{Guid.NewGuid():N}").ToArray();
        foreach (var id in ids)
        {
            await Store.CreateAsync(new Operation(id, "subscription.recover", "sub_1", now, OperationState.Running, 0,
                0, null, null, now, now), "dead", Lease, default);
        }

        await Task.Delay(Lease * 2); // "dead" stopped renewing
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Store.ClaimAbandonedAsync($"instance-{i}", TimeSpan.FromMinutes(5), 100, default)));

        Assert.Equal(ids.Order(StringComparer.Ordinal), claims.SelectMany(c => c).Where(ids.Contains)
            .Order(StringComparer.Ordinal));
    }
}

public sealed class InMemoryOperationStoreTests : OperationStoreContract
{
    internal override IOperationStore Store { get; } = new InMemoryOperationStore(TimeProvider.System);
}

public sealed class RedisOperationStoreTests(RedisServerFixture redis) : OperationStoreContract,
    IClassFixture<RedisServerFixture>
{
    internal override IOperationStore Store { get; } =
        new RedisOperationStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"));
}
