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
    public void Every_lower_priority_leaves_one_more_token_of_the_burst()
    {
        var minute = Hindsight[0];
        Assert.Equal(3, minute.Burst);
        Assert.Equal(minute.Interval * 2, minute.Tolerance(BudgetPriority.Interactive));
        Assert.Equal(minute.Interval, minute.Tolerance(BudgetPriority.Webhook));
        Assert.Equal(TimeSpan.Zero, minute.Tolerance(BudgetPriority.Reconcile));
        Assert.Equal(TimeSpan.Zero, minute.Tolerance(BudgetPriority.Poll));
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
    public void A_webhook_follow_up_finds_a_token_behind_saturating_polls_and_leaves_the_callers_one()
    {
        var (tats, waiting) = (new long[Hindsight.Count], new long[3]);
        SaturateWithPolls(tats, waiting, 0, 86_400_000);
        Assert.Equal(0, Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Webhook, 86_400_000));
        Assert.True(Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Webhook, 86_400_001) > 0);
        Assert.Equal(0, Gcra.TryTake(tats, waiting, Hindsight, BudgetPriority.Interactive, 86_400_002));
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

    private static void SaturateWithPollsOn(IReadOnlyList<BudgetWindow> windows, long[] tats, long[] waiting, long from, long until)
    {
        for (var now = from; now < until; now += 100)
        {
            Gcra.TryTake(tats, waiting, windows, BudgetPriority.Poll, now);
        }
    }
}
