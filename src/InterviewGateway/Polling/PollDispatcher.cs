using InterviewGateway.Infrastructure.Observability;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Options;

namespace InterviewGateway.Polling;

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
    GatewayMetrics? metrics = null,
    ICompletionStats? completions = null)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PlanLifetime = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (PollPlan Plan, DateTimeOffset Until)> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _exposureSince = new(StringComparer.Ordinal);

    /// One step: at most one poll. Returns how long the caller may sleep before the next step.
    public async Task<TimeSpan> StepAsync(VendorKey vendor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var maxSleep = options.CurrentValue.IdleInterval;
        var nextDue = await queue.NextDueAsync(vendor.Value, cancellationToken);
        if (nextDue is null)
        {
            return maxSleep;
        }

        if (nextDue > now)
        {
            // Nothing due: while the budget binds, a free token polls the next interview a little early
            // rather than go unused (spend first here: a token refused costs nothing to ask for).
            var ahead = (await PlanAsync(vendor, cancellationToken)).Ahead;
            if (nextDue - now > ahead)
            {
                var sleep = nextDue.Value - ahead - now;
                return sleep < maxSleep ? sleep : maxSleep;
            }

            var early = await budget.TryAcquireAsync(vendor, BudgetPriority.Poll, cancellationToken);
            if (!early.Taken)
            {
                return early.Wait < maxSleep ? early.Wait : maxSleep;
            }

            var next = await queue.LeaseDueAsync(vendor.Value, nextDue.Value, 1, Lease, cancellationToken);
            return next.Count == 0
                ? TimeSpan.Zero
                : await PollAsync(vendor, next[0], now, nextDue.Value, cancellationToken);
        }

        // Lease first, then spend: with several instances and few due items, nobody burns a token
        // for an item another instance took.
        var leased = await queue.LeaseDueAsync(vendor.Value, now, 1, Lease, cancellationToken);
        if (leased.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var token = await budget.TryAcquireAsync(vendor, BudgetPriority.Poll, cancellationToken);
        if (!token.Taken)
        {
            // Put it back as due now, unless it was untracked or finished meanwhile.
            if (await queue.TrackedSinceAsync(vendor.Value, leased[0], cancellationToken) is { } trackedAt)
            {
                await queue.ScheduleAsync(vendor.Value, leased[0], now, trackedAt, cancellationToken);
            }

            return token.Wait < maxSleep ? token.Wait : maxSleep;
        }

        return await PollAsync(vendor, leased[0], now, nextDue.Value, cancellationToken);
    }

    /// Polls one leased interview with the token already spent, and schedules its next poll by the plan.
    private async Task<TimeSpan> PollAsync(
        VendorKey vendor, string interviewId, DateTimeOffset now, DateTimeOffset due, CancellationToken token)
    {
        var plan = await PlanAsync(vendor, token);
        metrics?.PollLag(vendor.Value, now - due);
        BudgetScope.MarkPrepaid();
        var outcome = await target.PollAsync(
            vendor, interviewId, since => now + plan.IntervalFor(now - since), token);
        if (outcome.TrackedSince is not { } trackedSince)
        {
            await queue.RemoveAsync(vendor.Value, interviewId, token);
            return TimeSpan.Zero;
        }

        var next = now + plan.IntervalFor(now - trackedSince);
        var nextAt = outcome.NotBefore > next ? outcome.NotBefore.Value : next;
        await queue.ScheduleAsync(vendor.Value, interviewId, nextAt, trackedSince, token);
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

        var polling = options.CurrentValue;
        var cadence = polling.CadenceFor(catalog.Get(vendor.Value).Capabilities);
        var binCounts = await queue.CountByAgeAsync(vendor.Value, now, CompletionCounts.BinEdges, cancellationToken);
        var binTier = Enumerable.Range(0, binCounts.Length)
            .Select(b => PollPlanner.Tier(b == 0 ? TimeSpan.Zero : CompletionCounts.BinEdges[b - 1])).ToArray();
        var counts = new long[cadence.Count];
        for (var b = 0; b < binCounts.Length; b++)
        {
            counts[binTier[b]] += binCounts[b];
        }

        var rate = BudgetWindow.For(catalog.Options(vendor)).Select(w => w.SustainedPerMinute)
            .DefaultIfEmpty(double.PositiveInfinity).Min();
        var stats = await LearnAsync(vendor, binCounts, now, cancellationToken);
        var ageAware = polling.Plan == PollPlanMode.AgeAware;
        var learned = ageAware && stats is not null && stats.Total >= polling.LearnAfterCompletions;
        TimeSpan[] binIntervals;
        if (learned)
        {
            binIntervals = PollPlanner.Weighted(
                binCounts,
                [.. binTier.Select(t => cadence[t])],
                rate,
                PollPlanner.Hazard(stats!),
                polling.TierFloorShare);
        }
        else
        {
            var tiers = ageAware
                ? PollPlanner.Intervals(counts, cadence, rate, polling.TierFloorShare)
                : PollPlanner.Uniform(counts, cadence, rate);
            binIntervals = [.. binTier.Select(t => tiers[t])];
        }

        // A tier's effective interval: its tracked interviews over the polls a minute the plan gives them.
        var effective = new TimeSpan[counts.Length];
        for (var t = 0; t < counts.Length; t++)
        {
            var bins = Enumerable.Range(0, binCounts.Length).Where(b => binTier[b] == t).ToArray();
            var polls = bins.Sum(b => binCounts[b] / binIntervals[b].TotalMinutes);
            effective[t] = counts[t] == 0 ? binIntervals[bins[0]] : TimeSpan.FromMinutes(counts[t] / polls);
        }

        var planned = binCounts.Select((n, b) => n / binIntervals[b].TotalMinutes).Sum();
        var stretch = Enumerable.Range(0, binCounts.Length).Where(b => binCounts[b] > 0)
            .Select(b => binIntervals[b] - cadence[binTier[b]]).DefaultIfEmpty(TimeSpan.Zero).Min();
        var plan = new PollPlan(counts, [.. cadence], effective, binIntervals, learned, rate, planned)
        {
            Ahead = stretch > TimeSpan.Zero ? stretch : TimeSpan.Zero,
        };
        long depth;
        lock (_plans)
        {
            _plans[vendor.Value] = (plan, now + PlanLifetime);
            depth = _plans.Values.Sum(p => p.Plan.Tracked.Sum());
        }

        metrics?.QueueDepth(depth);
        return plan;
    }

    /// Adds the exposure this instance observed since its last plan, then reads what has been learned.
    private async Task<CompletionCounts?> LearnAsync(
        VendorKey vendor, long[] binCounts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (completions is null)
        {
            return null;
        }

        DateTimeOffset? since;
        lock (_exposureSince)
        {
            since = _exposureSince.TryGetValue(vendor.Value, out var last) ? last : null;
            _exposureSince[vendor.Value] = now;
        }

        if (since is { } from && now > from)
        {
            await completions.AddExposureAsync(vendor.Value, binCounts, now - from, cancellationToken);
        }

        return await completions.GetAsync(vendor.Value, cancellationToken);
    }
}
