using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.IntegrationTests.Budgets;

/// Issue 17, item 2: polls that take every token they may, for months of simulated time, stay within
/// every window the vendor may count: each calendar month (28 to 31 days), each clock hour, any rolling
/// 30 or 31 days; and a limit changed mid-month grants no fresh burst.
public abstract class QuotaWindowContract
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly VendorOptions Plan =
        new() { RequestsPerMinute = 10, RequestsPerHour = 100, RequestsPerMonth = 1_000 };

    internal abstract IBudgetStore CreateStore();

    [Fact]
    public async Task Greedy_polls_over_four_months_stay_within_every_calendar_month_hour_and_rolling_month()
    {
        var taken = await PollGreedilyAsync(CreateStore(), January, January.AddMonths(4), _ => Plan);

        AssertWithin(taken, Plan.RequestsPerMonth, Plan.RequestsPerHour);
        Assert.True(taken.Count > 3_600, $"only {taken.Count} in four months: the budget is not spent");
    }

    [Fact]
    public async Task A_limit_changed_mid_month_grants_no_fresh_burst()
    {
        var raised = new VendorOptions { RequestsPerMinute = 10, RequestsPerHour = 100, RequestsPerMonth = 1_001 };
        var change = January.AddDays(15);
        var taken = await PollGreedilyAsync(CreateStore(), January, January.AddMonths(1),
            at => at < change ? Plan : raised);

        AssertWithin(taken, raised.RequestsPerMonth, raised.RequestsPerHour);
        var rightAfter = taken.Count(t => t >= change && t < change.AddHours(1));
        Assert.True(rightAfter <= 1, $"{rightAfter} requests in the hour after the change: a fresh burst");
    }

    private static void AssertWithin(List<DateTimeOffset> taken, int perMonth, int perHour)
    {
        foreach (var month in taken.GroupBy(t => (t.Year, t.Month)))
        {
            Assert.True(month.Count() <= perMonth, $"{month.Count()} in calendar month {month.Key}");
        }

        var busiestHour = taken.GroupBy(t => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Offset))
            .Max(h => h.Count());
        Assert.True(busiestHour <= perHour, $"{busiestHour} in one clock hour");
        Assert.True(MaxInSpan(taken, TimeSpan.FromDays(31)) <= perMonth, "over the limit in a rolling 31 days");
    }

    private static int MaxInSpan(List<DateTimeOffset> taken, TimeSpan span)
    {
        var (max, start) = (0, 0);
        for (var end = 0; end < taken.Count; end++)
        {
            while (taken[end] - taken[start] >= span)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    /// Asks again exactly when the store says a token frees up, so not one token is left unspent.
    private static async Task<List<DateTimeOffset>> PollGreedilyAsync(IBudgetStore store, DateTimeOffset from,
        DateTimeOffset until, Func<DateTimeOffset, VendorOptions> planAt)
    {
        var vendor = "v" + Guid.NewGuid().ToString("N")[..12];
        var taken = new List<DateTimeOffset>();
        for (var now = from; now < until;)
        {
            var attempt = await store.TryTakeAsync(vendor, BudgetWindow.For(planAt(now)), BudgetPriority.Poll,
                now, default);
            if (attempt.Taken)
            {
                taken.Add(now);
            }
            else
            {
                now += attempt.Wait;
            }
        }

        return taken;
    }
}

public sealed class InMemoryQuotaWindowTests : QuotaWindowContract
{
    internal override IBudgetStore CreateStore() => new InMemoryBudgetStore();
}

public sealed class RedisQuotaWindowTests(RedisServerFixture redis)
    : QuotaWindowContract, IClassFixture<RedisServerFixture>
{
    internal override IBudgetStore CreateStore() =>
        new RedisBudgetStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"), BudgetClock.Caller);
}
