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

        // Polls from both instances until the budget refuses one. Not for a fixed second of wall time: on a
        // loaded host a second held fewer than 85 round trips, and the count said nothing about the budget.
        var polls = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (polls < 200 && await TakeAsync(polls % 2 == 0 ? correct : fast, vendor, BudgetPriority.Poll,
            polls % 2 == 0 ? TimeSpan.Zero : skew))
        {
            polls++;
        }

        // The polls' share of the burst (88 of 90) plus what refilled meanwhile (one every 2 s), and no more.
        var refilled = (int)Math.Ceiling(started.Elapsed.TotalSeconds / 2);
        Assert.InRange(polls, 88, 88 + refilled);

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
