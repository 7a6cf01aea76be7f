using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.Tests.Budgets;

/// The priority rule of the GCRA step: background work never takes the tokens kept for the priorities
/// above it, and a waiting higher priority gets the next token before a lower one.
public sealed class BudgetPriorityTests
{
    private static readonly IReadOnlyList<BudgetWindow> Hindsight =
        BudgetWindow.For(new VendorOptions { RequestsPerMinute = 10, RequestsPerMonth = 10_000 });

    /// Polls take every token they may, as fast as they may, from `from` to `until`.
    private static void SaturateWithPolls(long[] tats, long[] waiting, long from, long until)
    {
        for (var now = from; now < until; now += 100)
        {
            Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Poll, now);
        }
    }

    [Fact]
    public void Each_lower_priority_leaves_one_more_token_of_the_burst_or_half_of_a_burst_of_two()
    {
        var minute = Hindsight[0];
        Assert.Equal(2, minute.Burst);
        Assert.Equal(minute.Interval, minute.Tolerance(BudgetPriority.Interactive));
        Assert.Equal(minute.Interval / 2, minute.Tolerance(BudgetPriority.Webhook));
        Assert.Equal(TimeSpan.Zero, minute.Tolerance(BudgetPriority.Reconcile));
        Assert.Equal(TimeSpan.Zero, minute.Tolerance(BudgetPriority.Poll));
        var month = Hindsight[1];
        Assert.Equal(500, month.Burst);
        Assert.Equal(month.Interval * 498, month.Tolerance(BudgetPriority.Webhook));
        Assert.Equal(month.Interval * 497, month.Tolerance(BudgetPriority.Poll));
    }

    [Fact]
    public void Behind_saturating_polls_a_webhook_waits_at_most_half_an_interval_of_a_minute_budget()
    {
        var windows = BudgetWindow.For(new VendorOptions { RequestsPerMinute = 30 });
        var (tats, waiting) = (new long[1], new long[3]);
        for (long start = 60_000; start < 120_000; start += 97)
        {
            SaturateWithPollsOn(windows, tats, waiting, start - 97, start);
            var wait = Gcra.TryTake([.. tats], new long[3], windows, BudgetPriority.Webhook, start);
            Assert.InRange(wait, 0, (windows[0].IntervalMs / 2) + 1);
        }
    }

    [Fact]
    public void Callers_at_half_the_rate_never_wait_behind_saturating_polls()
    {
        var (tats, waiting) = (new long[Hindsight.Count], new long[3]);
        // A day of polls first, so the month window's burst is spent and the month rate binds.
        long now = 0;
        SaturateWithPolls(tats, waiting, now, now += 86_400_000);
        var spacing = 2 * Hindsight.Max(w => w.IntervalMs);
        for (var caller = 0; caller < 6; caller++)
        {
            Assert.Equal(0, Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Interactive, now));
            SaturateWithPolls(tats, waiting, now + 1, now += spacing);
        }
    }

    [Fact]
    public void A_webhook_follow_up_gets_a_token_behind_saturating_polls_and_leaves_the_callers_one()
    {
        var (tats, waiting) = (new long[Hindsight.Count], new long[3]);
        const long day = 86_400_000;
        SaturateWithPolls(tats, waiting, 0, day);
        var wait = Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Webhook, day);
        Assert.InRange(wait, 0, (Hindsight[0].IntervalMs / 2) + 1); // the minute window's burst is 2
        if (wait > 0)
        {
            Assert.Equal(0, Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Webhook, day + wait));
        }

        Assert.True(Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Webhook, day + wait + 1) > 0);
        Assert.Equal(0, Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Interactive, day + wait + 2));
    }

    [Fact]
    public void A_waiting_reconciliation_gets_the_next_token_before_a_poll()
    {
        var windows = BudgetWindow.For(new VendorOptions { RequestsPerMinute = 10 });
        var (tats, waiting) = (new long[1], new long[3]);
        SaturateWithPollsOn(windows, tats, waiting, 0, 60_001);
        var wait = Gcra.TryTake(tats, waiting, windows, BudgetPriority.Reconcile, 60_000);
        Assert.True(wait > 0);
        // The token frees up at 60 000 + wait; a poll asking first is refused, the reconciliation is not.
        Assert.True(Gcra.TryTake(tats, waiting, windows, BudgetPriority.Poll, 60_000 + wait) > 0);
        Assert.Equal(0, Gcra.TryTake(tats, waiting, windows, BudgetPriority.Reconcile, 60_000 + wait));
    }

    private static void SaturateWithPollsOn(
        IReadOnlyList<BudgetWindow> windows, long[] tats, long[] waiting, long from, long until)
    {
        for (var now = from; now < until; now += 100)
        {
            Gcra.TryTake(tats, waiting, windows, BudgetPriority.Poll, now);
        }
    }
}

/// Over a simulated month of saturating polls and callers, no rolling minute holds more than the minute
/// limit and no rolling 30 days more than the month limit, and the month's sustainable rate is spent.
public sealed class MonthBudgetTests
{
    [Fact]
    public void A_simulated_month_of_saturating_polls_and_callers_never_exceeds_the_month_budget()
    {
        var windows = BudgetWindow.For(new VendorOptions { RequestsPerMinute = 10, RequestsPerMonth = 10_000 });
        var (tats, waiting) = (new long[windows.Count], new long[3]);
        var taken = new List<long>();
        const long month = 30L * 86_400_000;
        var random = new Random(3);
        for (long now = 0; now < 2 * month;)
        {
            var priority = random.Next(10) == 0 ? BudgetPriority.Interactive : BudgetPriority.Poll;
            var wait = Gcra.TryTake(tats, waiting, windows, priority, now);
            if (wait == 0)
            {
                taken.Add(now);
            }

            now += wait == 0 ? 1 : wait;
        }

        Assert.True(MaxIn(taken, 60_000) <= 10);
        // Budgeted over 31 days (the longest calendar month): 9,501 sustained per 31 days.
        Assert.True(MaxIn(taken, 31 * 86_400_000L) <= 10_000, $"{MaxIn(taken, 31 * 86_400_000L)} in 31 days");
        var second = taken.Count(t => t >= month);
        Assert.True(second >= 9_100, $"only {second} spent in the second 30 days");
    }

    private static int MaxIn(List<long> times, long window)
    {
        var max = 0;
        for (int start = 0, end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
