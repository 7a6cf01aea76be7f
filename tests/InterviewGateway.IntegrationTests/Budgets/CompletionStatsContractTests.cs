using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Polling;

namespace InterviewGateway.IntegrationTests.Budgets;

/// What the planner learns is kept alike in memory and in Redis (shared by every instance).
public abstract class CompletionStatsContract
{
    internal abstract ICompletionStats Stats { get; }

    [Fact]
    public async Task Completions_and_exposure_add_up_per_age_bin()
    {
        var vendor = "v" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, (await Stats.GetAsync(vendor, default)).Total);

        await Stats.RecordCompletionAsync(vendor, TimeSpan.FromHours(2), default);
        await Stats.RecordCompletionAsync(vendor, TimeSpan.FromHours(2.5), default);
        await Stats.RecordCompletionAsync(vendor, TimeSpan.FromDays(20), default);
        long[] tracked = [.. Enumerable.Range(0, CompletionCounts.Bins).Select(b => (long)b)];
        await Stats.AddExposureAsync(vendor, tracked, TimeSpan.FromMinutes(30), default);
        await Stats.AddExposureAsync(vendor, tracked, TimeSpan.FromMinutes(30), default);

        var counts = await Stats.GetAsync(vendor, default);
        Assert.Equal(3, counts.Total);
        Assert.Equal(2, counts.Completions[1]);
        Assert.Equal(1, counts.Completions[^1]);
        Assert.Equal([.. tracked.Select(n => (double)n)], counts.ExposureHours);
    }
}

public sealed class InMemoryCompletionStatsTests : CompletionStatsContract
{
    internal override ICompletionStats Stats { get; } = new InMemoryCompletionStats();
}

public sealed class RedisCompletionStatsTests(RedisServerFixture redis)
    : CompletionStatsContract, IClassFixture<RedisServerFixture>
{
    internal override ICompletionStats Stats { get; } =
        new RedisCompletionStats(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"));
}
