using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.IntegrationTests.Budgets;

/// Issue 17 (measured): two instances on one Redis, one with its clock 5 s ahead. The budget script runs on
/// Redis's clock, so polls from both saturating the budget still leave each instance's callers a token at
/// once; on the callers' own clocks the fast instance's TATs held the other's callers back by ~1 s.
public sealed class BudgetClockSkewTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    /// InstaView's 1,800 an hour: a burst of 90, of which polls leave two tokens (4 s) to callers.
    private static readonly IReadOnlyList<BudgetWindow> Hour =
        BudgetWindow.For(new VendorOptions { RequestsPerHour = 1_800 });

    [Fact]
    public async Task Callers_on_either_instance_get_a_token_at_once_while_polls_from_both_saturate_the_budget()
    {
        var keys = new RedisKeys($"t-{Guid.NewGuid():N}:");
        var correct = new RedisBudgetStore(redis.Connection, keys);
        var fast = new RedisBudgetStore(redis.Connection, keys);
        var skew = TimeSpan.FromSeconds(5);
        var vendor = "v" + Guid.NewGuid().ToString("N")[..12];

        var polls = 0;
        var until = DateTimeOffset.UtcNow.AddSeconds(1);
        while (DateTimeOffset.UtcNow < until)
        {
            polls += await TakeAsync(correct, vendor, BudgetPriority.Poll, TimeSpan.Zero) ? 1 : 0;
            polls += await TakeAsync(fast, vendor, BudgetPriority.Poll, skew) ? 1 : 0;
        }

        Assert.InRange(polls, 85, 90); // the polls' share of the burst, and no more
        Assert.False(await TakeAsync(fast, vendor, BudgetPriority.Poll, skew), "the budget is saturated");

        var caller = await correct.TryTakeAsync(vendor, Hour, BudgetPriority.Interactive, DateTimeOffset.UtcNow,
            default);
        Assert.True(caller.Taken, $"the caller on the correct clock was told to wait {caller.Wait}");
        var fastCaller = await fast.TryTakeAsync(vendor, Hour, BudgetPriority.Interactive,
            DateTimeOffset.UtcNow + skew, default);
        Assert.True(fastCaller.Taken, $"the caller on the fast clock was told to wait {fastCaller.Wait}");
    }

    private static async Task<bool> TakeAsync(IBudgetStore store, string vendor, BudgetPriority priority,
        TimeSpan offset) =>
        (await store.TryTakeAsync(vendor, Hour, priority, DateTimeOffset.UtcNow + offset, default)).Taken;
}
