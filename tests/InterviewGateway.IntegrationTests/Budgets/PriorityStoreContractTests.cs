using InterviewGateway.Infrastructure.Redis;
using InterviewGateway.IntegrationTests.Infrastructure;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;

namespace InterviewGateway.IntegrationTests.Budgets;

/// The priority rule through the store itself, so the Redis Lua script is held to what `Gcra.TryTake`
/// (and so the in-memory store) does: the tokens each priority leaves to the ones above it, the waiting
/// marks, and that a waiter that never comes back (its process died) blocks nobody past its grace.
public abstract class PriorityStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    internal abstract IBudgetStore CreateStore();

    private static readonly IReadOnlyList<BudgetWindow> Minute =
        BudgetWindow.For(new VendorOptions { RequestsPerMinute = 10 });

    /// InstaView's 1,800 an hour: a burst of 90, so every priority has whole tokens of its own.
    private static readonly IReadOnlyList<BudgetWindow> Hour =
        BudgetWindow.For(new VendorOptions { RequestsPerHour = 1_800 });

    [Fact]
    public async Task Behind_saturating_polls_a_webhook_and_then_a_caller_get_tokens_at_once()
    {
        var (store, vendor) = (CreateStore(), NewVendor());
        var now = await SaturateWithPollsAsync(store, vendor, Hour, TimeSpan.FromSeconds(30));

        Assert.True(await TakeAsync(store, vendor, Hour, BudgetPriority.Webhook, now));
        Assert.True(await TakeAsync(store, vendor, Hour, BudgetPriority.Interactive, now));
        Assert.False(await TakeAsync(store, vendor, Hour, BudgetPriority.Reconcile, now));
        Assert.False(await TakeAsync(store, vendor, Hour, BudgetPriority.Poll, now));
    }

    [Fact]
    public async Task Behind_saturating_polls_a_lone_caller_finds_a_token_where_the_burst_is_two()
    {
        var (store, vendor) = (CreateStore(), NewVendor());
        var now = await SaturateWithPollsAsync(store, vendor, Minute, TimeSpan.FromMinutes(2));

        Assert.True(await TakeAsync(store, vendor, Minute, BudgetPriority.Interactive, now));
        Assert.False(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, now));
    }

    [Fact]
    public async Task A_caller_in_the_same_millisecond_as_a_poll_takes_its_token_without_waiting()
    {
        // Hindsight's 10 a minute: an interval of 6,666.7 ms, stepped as 6,667.
        var (store, vendor) = (CreateStore(), NewVendor());
        Assert.True(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, T0));
        var caller = await store.TryTakeAsync(vendor, Minute, BudgetPriority.Interactive, T0, default);
        Assert.True(caller.Taken, $"the caller was told to wait {caller.Wait}");
    }

    [Fact]
    public async Task A_waiting_reconciliation_gets_the_next_token_and_its_mark_ends_a_second_after_its_turn()
    {
        var (store, vendor) = (CreateStore(), NewVendor());
        Assert.True(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, T0));
        var reconcile = await store.TryTakeAsync(vendor, Minute, BudgetPriority.Reconcile, T0, default);
        Assert.False(reconcile.Taken);
        var turn = T0 + reconcile.Wait;

        // The window would let a poll in at the reconciliation's turn; the mark keeps it off.
        Assert.False(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, turn));

        // The reconciliation never comes back: one grace later, polls spend again.
        var grace = TimeSpan.FromMilliseconds(Gcra.WaitingGraceMs);
        var justBefore = turn + grace - TimeSpan.FromMilliseconds(1);
        Assert.False(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, justBefore));
        Assert.True(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, turn + grace));
    }

    [Fact]
    public async Task A_waiting_reconciliation_takes_its_token_before_a_poll_that_asks_first()
    {
        var (store, vendor) = (CreateStore(), NewVendor());
        Assert.True(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, T0));
        var reconcile = await store.TryTakeAsync(vendor, Minute, BudgetPriority.Reconcile, T0, default);
        var turn = T0 + reconcile.Wait;

        Assert.False(await TakeAsync(store, vendor, Minute, BudgetPriority.Poll, turn));
        Assert.True(await TakeAsync(store, vendor, Minute, BudgetPriority.Reconcile, turn));
    }

    /// InstaView's Scale plan (600 a minute): two follow-ups spend tokens as they come, and a caller
    /// arriving right behind the second has to wait a little. Returns when it asked and its answer.
    private static async Task<(DateTimeOffset At, BudgetAttempt Caller)> CallerBehindFollowUpsAsync(
        IBudgetStore store, string vendor, IReadOnlyList<BudgetWindow> windows)
    {
        var at = T0 + TimeSpan.FromMilliseconds(windows[0].ToleranceMs(BudgetPriority.Webhook) + 1);
        Assert.True(await TakeAsync(store, vendor, windows, BudgetPriority.Webhook, T0));
        Assert.True(await TakeAsync(store, vendor, windows, BudgetPriority.Webhook, at));
        var caller = await store.TryTakeAsync(vendor, windows, BudgetPriority.Interactive, at, default);
        Assert.False(caller.Taken);
        return (at, caller);
    }

    [Fact]
    public async Task A_caller_that_waited_and_got_its_token_no_longer_holds_webhook_follow_ups_off()
    {
        var windows = BudgetWindow.For(new VendorOptions { RequestsPerMinute = 600 });
        var (store, vendor) = (CreateStore(), NewVendor());
        var (at, caller) = await CallerBehindFollowUpsAsync(store, vendor, windows);
        var turn = at + caller.Wait;
        Assert.True(await TakeAsync(store, vendor, windows, BudgetPriority.Interactive, turn));

        // The next token is the follow-ups' again, not a second later when the caller's mark would lapse.
        var next = await store.TryTakeAsync(vendor, windows, BudgetPriority.Webhook, turn, default);
        Assert.InRange(next.Wait, TimeSpan.Zero, 2 * windows[0].Interval);
        Assert.True(await TakeAsync(store, vendor, windows, BudgetPriority.Webhook, turn + next.Wait));
    }

    [Fact]
    public async Task Behind_a_waiting_caller_a_follow_up_is_told_to_ask_again_a_step_after_the_callers_turn()
    {
        var windows = BudgetWindow.For(new VendorOptions { RequestsPerMinute = 600 });
        var (store, vendor) = (CreateStore(), NewVendor());
        var (at, caller) = await CallerBehindFollowUpsAsync(store, vendor, windows);

        // Not the caller's wait plus its whole grace (a second): a step past its turn.
        var followUp = await store.TryTakeAsync(vendor, windows, BudgetPriority.Webhook, at, default);
        Assert.Equal(caller.Wait + TimeSpan.FromMilliseconds(Gcra.MarkStepMs), followUp.Wait);
    }

    private static string NewVendor() => "v" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<bool> TakeAsync(
        IBudgetStore store, string vendor, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority,
        DateTimeOffset now) =>
        (await store.TryTakeAsync(vendor, windows, priority, now, default)).Taken;

    /// Polls take every token they may, asking every 100 ms; returns the time after the last ask.
    private static async Task<DateTimeOffset> SaturateWithPollsAsync(
        IBudgetStore store, string vendor, IReadOnlyList<BudgetWindow> windows, TimeSpan duration)
    {
        var taken = 0;
        var now = T0;
        for (; now < T0 + duration; now += TimeSpan.FromMilliseconds(100))
        {
            taken += await TakeAsync(store, vendor, windows, BudgetPriority.Poll, now) ? 1 : 0;
        }

        Assert.True(taken > 2, "polls spent the budget");
        return now;
    }
}

public sealed class InMemoryPriorityStoreContractTests : PriorityStoreContract
{
    internal override IBudgetStore CreateStore() => new InMemoryBudgetStore();
}

public sealed class RedisPriorityStoreContractTests(RedisServerFixture redis)
    : PriorityStoreContract, IClassFixture<RedisServerFixture>
{
    internal override IBudgetStore CreateStore() =>
        new RedisBudgetStore(redis.Connection, new RedisKeys($"t-{Guid.NewGuid():N}:"), BudgetClock.Caller);
}
