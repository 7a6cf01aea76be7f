using InterviewGateway.Contracts;
using InterviewGateway.Interviews;
using InterviewGateway.Polling;
using InterviewGateway.Vendors;
using InterviewGateway.Vendors.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace InterviewGateway.Tests.Polling;

/// The planner weighted by learned completions: it spends exactly the budget, polls where completions
/// are more likely more often, keeps every tier's floor, and integrates its rate over the ages ahead.
public sealed class LearnedPlannerTests
{
    private static readonly int Bins = CompletionCounts.Bins;

    private static TimeSpan[] BinCadence(TimeSpan[] cadence) =>
        [.. Enumerable.Range(0, Bins)
            .Select(b => cadence[PollPlanner.Tier(b == 0 ? TimeSpan.Zero : CompletionCounts.BinEdges[b - 1])])];

    private static double Spend(long[] counts, TimeSpan[] intervals) =>
        counts.Select((n, b) => n / intervals[b].TotalMinutes).Sum();

    [Fact]
    public void Spends_the_whole_budget_and_polls_the_likelier_ages_more_often()
    {
        var counts = Enumerable.Repeat(100L, Bins).ToArray();
        var hazard = new double[Bins];
        Array.Fill(hazard, 0.001);
        hazard[4] = 0.1; // 12 h to 1 day: where completions happen
        var cadence = BinCadence(PollingOptions.DefaultCadence);
        var intervals = PollPlanner.Weighted(counts, cadence, 0.25, hazard, floorShare: 0);

        Assert.InRange(Spend(counts, intervals), 0.2499, 0.2501);
        Assert.All(Enumerable.Range(0, Bins).Where(b => b != 4), b => Assert.True(intervals[4] < intervals[b] / 9.9));
    }

    [Fact]
    public void Every_tier_keeps_its_floor_share()
    {
        var counts = Enumerable.Repeat(100L, Bins).ToArray();
        var hazard = Enumerable.Range(0, Bins).Select(b => b < 5 ? 0.1 : 1e-9).ToArray();
        var cadence = BinCadence(PollingOptions.DefaultCadence);
        var intervals = PollPlanner.Weighted(counts, cadence, 1, hazard, floorShare: 0.1);

        var older = Enumerable.Range(8, 2).Sum(b => counts[b] / intervals[b].TotalMinutes);
        Assert.InRange(older, 0.0999, 0.11);
        Assert.InRange(Spend(counts, intervals), 0.999, 1.001);
    }

    [Fact]
    public void The_wanted_cadence_caps_every_age_when_the_budget_suffices()
    {
        var counts = Enumerable.Repeat(1L, Bins).ToArray();
        var cadence = BinCadence(PollingOptions.DefaultCadence);
        Assert.Equal(cadence, PollPlanner.Weighted(counts, cadence, 100, Enumerable.Repeat(0.01, Bins).ToArray()));
    }

    [Fact]
    public void A_bin_without_data_is_shrunk_toward_the_overall_hazard_not_zero()
    {
        var stats = CompletionCounts.Empty();
        stats.Completions[3] = 40;
        stats.ExposureHours[3] = 400;
        stats.ExposureHours[9] = 4_000;
        var hazard = PollPlanner.Hazard(stats);
        Assert.InRange(hazard[3], 0.07, 0.1); // 40 completions in 400 h, pulled a little toward the overall rate
        Assert.True(hazard[9] > 0 && hazard[9] < hazard[3] / 10);
    }

    [Fact]
    public void The_interval_from_a_quiet_age_does_not_skip_the_busy_ages_after_it()
    {
        var bins = new TimeSpan[Bins];
        Array.Fill(bins, TimeSpan.FromHours(10));
        bins[1] = TimeSpan.FromMinutes(30); // 1 h to 3 h
        var plan = new PollPlan([0, 0, 0], [], [], bins, Learned: true, BudgetPerMinute: 1, PlannedPerMinute: 1);

        // From age 0: one hour of the first bin (a tenth of a poll), then 0.9 of a poll at 30 min.
        Assert.Equal(TimeSpan.FromMinutes(60 + 27), plan.IntervalFor(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMinutes(30), plan.IntervalFor(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(10), plan.IntervalFor(TimeSpan.FromDays(20)));
    }

    [Fact]
    public async Task The_dispatcher_plans_by_age_tiers_until_enough_completions_then_by_where_they_happen()
    {
        var t0 = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(t0);
        var vendor = new VendorKey("v", "V", "V");
        var catalog = TestVendors.Catalog(vendor, webhooks: false, o => o.RequestsPerMinute = 10);
        var polling = TestVendors.Monitor<PollingOptions>(o => o.LearnAfterCompletions = 50);
        var queue = new InMemoryPollQueue();
        var ages = new[] { 0.5, 2, 4, 9, 18 }.Select(TimeSpan.FromHours).ToArray(); // bins 0-4: all first day
        for (var i = 0; i < 500; i++)
        {
            await queue.ScheduleAsync("v", $"i{i}", t0, t0 - ages[i % ages.Length], default);
        }

        var stats = new InMemoryCompletionStats();
        var budget = new VendorBudget(new InMemoryBudgetStore(), catalog, time);
        var dispatcher = new PollDispatcher(queue, budget, catalog, new NoPoll(), polling, time, completions: stats);
        for (var i = 0; i < 49; i++)
        {
            await stats.RecordCompletionAsync("v", TimeSpan.FromHours(18), default);
        }

        // 49 completions: the fallback, one interval for the whole first-day tier.
        var fallback = await dispatcher.PlanAsync(vendor, default);
        Assert.False(fallback.Learned);
        Assert.Equal(fallback.BinIntervals[0], fallback.BinIntervals[4]);

        await stats.RecordCompletionAsync("v", TimeSpan.FromHours(18), default);
        time.Advance(TimeSpan.FromMinutes(1)); // past the cached plan's lifetime
        var learned = await dispatcher.PlanAsync(vendor, default);
        Assert.True(learned.Learned);
        Assert.True(
            learned.BinIntervals[4] < learned.BinIntervals[0] / 3,
            $"12 h-1 d every {learned.BinIntervals[4]}, 0-1 h every {learned.BinIntervals[0]}");
        Assert.InRange(learned.PlannedPerMinute, 0.99 * learned.BudgetPerMinute, 1.01 * learned.BudgetPerMinute);
    }

    [Fact]
    public async Task The_change_sink_records_the_age_at_which_an_interview_completed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var vendor = new VendorKey("v", "V", "V");
        var catalog = TestVendors.Catalog(vendor, webhooks: false, _ => { });
        var polling = TestVendors.Monitor<PollingOptions>(_ => { });
        var queue = new InMemoryPollQueue();
        var stats = new InMemoryCompletionStats();
        var budget = new VendorBudget(new InMemoryBudgetStore(), catalog, time);
        var dispatcher = new PollDispatcher(queue, budget, catalog, new NoPoll(), polling, time, completions: stats);
        var sink = new PollingChangeSink(queue, catalog, dispatcher, time, stats);
        var before = new Interview
        {
            Id = "v_1", Vendor = "v", VendorInterviewId = "1", Status = InterviewStatus.Invited,
            CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(), TrackedSince = time.GetUtcNow().AddHours(-5),
            Tracking = new Tracking(TrackingMode.Poll, TrackingState.Active, null, null),
        };

        var completed = before with { Status = InterviewStatus.Completed, CompletedAt = time.GetUtcNow().AddHours(-2) };
        await sink.OnChangedAsync(before, completed, DetectedBy.Poll, default);
        await sink.OnChangedAsync(completed, completed, DetectedBy.Poll, default); // no second count

        var counts = await stats.GetAsync("v", default);
        Assert.Equal(1, counts.Total);
        Assert.Equal(1, counts.Completions[CompletionCounts.BinOf(TimeSpan.FromHours(3))]);
    }
}
