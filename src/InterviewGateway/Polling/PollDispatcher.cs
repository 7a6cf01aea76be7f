using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Polling;

internal sealed record PollPlan(long[] Tracked, TimeSpan[] Wanted, TimeSpan[] Effective)
{
    public TimeSpan IntervalFor(TimeSpan age) => Effective[PollPlanner.Tier(age)];
}

/// What a poll did: `TrackedSince` is null when the interview needs no more polls.
internal sealed record PollOutcome(DateTimeOffset? TrackedSince, DateTimeOffset? NotBefore = null);

/// Polls one interview at its vendor; `nextCheck` maps its tracking start to its next due time.
internal interface IPollTarget
{
    Task<PollOutcome> PollAsync(VendorKey vendor, string interviewId, Func<DateTimeOffset, DateTimeOffset> nextCheck, CancellationToken cancellationToken);
}

/// Drains a vendor's due queue as its budget allows: spend one background token, lease the most
/// overdue interview, poll it, and schedule its next poll by the plan. Plain and TimeProvider-driven,
/// so the benchmark runs it in simulated time.
internal sealed class PollDispatcher(
    IPollQueue queue,
    IVendorBudget budget,
    VendorCatalog catalog,
    IPollTarget target,
    IOptionsMonitor<PollingOptions> options,
    TimeProvider time,
    GatewayMetrics? metrics = null)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PlanLifetime = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (PollPlan Plan, DateTimeOffset Until)> _plans = new(StringComparer.Ordinal);

    /// Age-aware (default) or uniform round robin, which the benchmark uses as its baseline.
    public bool AgeAware { get; init; } = true;

    /// One step: at most one poll. Returns how long the caller may sleep before the next step.
    public async Task<TimeSpan> StepAsync(VendorKey vendor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nextDue = await queue.NextDueAsync(vendor.Value, cancellationToken);
        if (nextDue is null || nextDue > now)
        {
            return nextDue is { } due && due - now < Idle ? due - now : Idle;
        }

        // Lease first, then spend: with several instances and few due items, nobody burns a token
        // for an item another instance took.
        var leased = await queue.LeaseDueAsync(vendor.Value, now, 1, Lease, cancellationToken);
        if (leased.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var plan = await PlanAsync(vendor, cancellationToken);
        var token = await budget.TryAcquireAsync(vendor, BudgetPriority.Poll, cancellationToken);
        if (!token.Taken)
        {
            // Put it back as due now, unless it was untracked or finished meanwhile.
            if (await queue.TrackedSinceAsync(vendor.Value, leased[0], cancellationToken) is { } trackedAt)
            {
                await queue.ScheduleAsync(vendor.Value, leased[0], now, trackedAt, cancellationToken);
            }

            return token.Wait < Idle ? token.Wait : Idle;
        }

        metrics?.PollLag(vendor.Value, now - nextDue.Value);
        BudgetScope.MarkPrepaid();
        var outcome = await target.PollAsync(vendor, leased[0], since => now + plan.IntervalFor(now - since), cancellationToken);
        if (outcome.TrackedSince is not { } trackedSince)
        {
            await queue.RemoveAsync(vendor.Value, leased[0], cancellationToken);
            return TimeSpan.Zero;
        }

        var next = now + plan.IntervalFor(now - trackedSince);
        await queue.ScheduleAsync(vendor.Value, leased[0], outcome.NotBefore > next ? outcome.NotBefore.Value : next, trackedSince, cancellationToken);
        return TimeSpan.Zero;
    }

    /// The cadence each age tier gets now; recomputed every few seconds, not on every poll.
    public async Task<PollPlan> PlanAsync(VendorKey vendor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_plans)
        {
            if (_plans.TryGetValue(vendor.Value, out var cached) && cached.Until > now)
            {
                return cached.Plan;
            }
        }

        var cadence = options.CurrentValue.CadenceFor(catalog.Get(vendor.Value).Capabilities);
        var counts = await queue.CountByAgeAsync(vendor.Value, now, PollPlanner.TierAges, cancellationToken);
        var rate = BudgetWindow.For(catalog.Options(vendor)).Select(w => w.SustainedPerMinute).DefaultIfEmpty(double.PositiveInfinity).Min();
        var plan = new PollPlan(counts, [.. cadence], AgeAware ? PollPlanner.Intervals(counts, cadence, rate) : PollPlanner.Uniform(counts, cadence, rate));
        long depth;
        lock (_plans)
        {
            _plans[vendor.Value] = (plan, now + PlanLifetime);
            depth = _plans.Values.Sum(p => p.Plan.Tracked.Sum());
        }

        metrics?.QueueDepth(depth);
        return plan;
    }
}
