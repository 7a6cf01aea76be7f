using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Polling;

namespace InterviewGateway.IntegrationTests.Stores;

/// The benchmark measures the scheduler over the in-memory queue; these pin that it behaves as the Redis one.
public abstract class PollQueueContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    internal abstract IPollQueue Queue { get; }

    [Fact]
    public async Task Leases_due_items_most_overdue_first_and_hides_them_for_the_lease()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        Assert.Null(await Queue.NextDueAsync(vendor, default));
        await Queue.ScheduleAsync(vendor, "b", T0, T0, default);
        await Queue.ScheduleAsync(vendor, "a", T0, T0, default); // same score: ties go by id
        await Queue.ScheduleAsync(vendor, "c", T0.AddMinutes(-1), T0, default);
        await Queue.ScheduleAsync(vendor, "d", T0.AddMinutes(1), T0, default);
        Assert.Equal(T0.AddMinutes(-1), await Queue.NextDueAsync(vendor, default));

        Assert.Equal(["c", "a"], await Queue.LeaseDueAsync(vendor, T0, 2, TimeSpan.FromMinutes(2), default));
        Assert.Equal(["b"], await Queue.LeaseDueAsync(vendor, T0, 5, TimeSpan.FromMinutes(2), default));
        Assert.Empty(await Queue.LeaseDueAsync(vendor, T0.AddSeconds(30), 5, TimeSpan.FromMinutes(2), default));
        Assert.Equal(T0.AddMinutes(1), await Queue.NextDueAsync(vendor, default));
        // An unfinished lease comes back by itself: the item is due again when it ends.
        Assert.Equal(["d", "a", "b", "c"],
            await Queue.LeaseDueAsync(vendor, T0.AddMinutes(2), 5, TimeSpan.FromMinutes(2), default));
    }

    [Fact]
    public async Task Rescheduling_replaces_and_removing_forgets()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        await Queue.ScheduleAsync(vendor, "a", T0, T0, default);
        await Queue.ScheduleAsync(vendor, "b", T0.AddMinutes(1), T0, default);
        await Queue.ScheduleAsync(vendor, "a", T0.AddMinutes(5), T0, default);
        Assert.Equal(T0.AddMinutes(1), await Queue.NextDueAsync(vendor, default));
        Assert.Equal(["b"], await Queue.LeaseDueAsync(vendor, T0.AddMinutes(4), 5, TimeSpan.FromMinutes(2), default));

        await Queue.RemoveAsync(vendor, "a", default);
        await Queue.RemoveAsync(vendor, "b", default);
        Assert.Null(await Queue.NextDueAsync(vendor, default));
        Assert.Empty(await Queue.LeaseDueAsync(vendor, T0.AddDays(1), 5, TimeSpan.FromMinutes(2), default));
    }

    [Fact]
    public async Task Overdue_young_interviews_are_leased_before_older_ones_however_overdue()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        await Queue.ScheduleAsync(vendor, "old", T0.AddHours(-3), T0.AddDays(-10), default);
        await Queue.ScheduleAsync(vendor, "week", T0.AddHours(-2), T0.AddDays(-3), default);
        await Queue.ScheduleAsync(vendor, "young", T0.AddMinutes(-1), T0.AddHours(-2), default);
        Assert.Equal(T0.AddHours(-3), await Queue.NextDueAsync(vendor, default));

        Assert.Equal(["young", "week"], await Queue.LeaseDueAsync(vendor, T0, 2, TimeSpan.FromMinutes(2), default));
        Assert.Equal(["old"], await Queue.LeaseDueAsync(vendor, T0, 2, TimeSpan.FromMinutes(2), default));

        // Rescheduled past its first day, an interview moves to the next tier (and only there).
        await Queue.ScheduleAsync(vendor, "young", T0.AddDays(1), T0.AddHours(-2), default);
        await Queue.ScheduleAsync(vendor, "fresh", T0.AddDays(1), T0.AddDays(1).AddHours(-1), default);
        // (The earlier leases have run out, so "week" and "old" are due again.)
        Assert.Equal(["fresh", "week", "young", "old"],
            await Queue.LeaseDueAsync(vendor, T0.AddDays(1), 5, TimeSpan.FromMinutes(2), default));
        await Queue.RemoveAsync(vendor, "young", default);
        Assert.DoesNotContain("young",
            await Queue.LeaseDueAsync(vendor, T0.AddDays(2), 5, TimeSpan.FromMinutes(2), default));
    }

    [Fact]
    public async Task Counts_by_age_tier()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        var ages = new[] { TimeSpan.Zero, TimeSpan.FromHours(23), TimeSpan.FromDays(1), TimeSpan.FromDays(3),
            TimeSpan.FromDays(7), TimeSpan.FromDays(20) };
        for (var i = 0; i < ages.Length; i++)
        {
            await Queue.ScheduleAsync(vendor, $"i{i}", T0, T0 - ages[i], default);
        }

        Assert.Equal(new long[] { 2, 2, 2 }, await Queue.CountByAgeAsync(vendor, T0, PollPlanner.TierAges, default));
        await Queue.RemoveAsync(vendor, "i5", default);
        Assert.Equal(new long[] { 2, 2, 1 }, await Queue.CountByAgeAsync(vendor, T0, PollPlanner.TierAges, default));
        Assert.Equal(new long[] { 0, 0, 0 },
            await Queue.CountByAgeAsync("v" + Guid.NewGuid().ToString("N"), T0, PollPlanner.TierAges, default));
    }
}

public sealed class InMemoryPollQueueTests : PollQueueContract
{
    internal override IPollQueue Queue { get; } = new InMemoryPollQueue();
}

public sealed class RedisPollQueueTests(RedisServerFixture redis) : PollQueueContract, IClassFixture<RedisServerFixture>
{
    internal override IPollQueue Queue { get; } = new RedisPollQueue(redis.Connection,
        new RedisKeys($"t-{Guid.NewGuid():N}:"));
}
