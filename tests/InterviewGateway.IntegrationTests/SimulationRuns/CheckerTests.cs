extern alias simulation;

using simulation::InterviewGateway.Simulation;

namespace InterviewGateway.IntegrationTests.SimulationRuns;

/// Each invariant check, fed the fault it guards against, reports it (and stays quiet without it).
public sealed class CheckerTests
{
    private static readonly DateTimeOffset T0 = SimulationRun.Start;

    private readonly SimulationContext _context = new(new SimulationOptions(30, 1), T0);

    private Checker Checker => _context.Checker;

    [Fact]
    public void A_commit_whose_sequence_is_not_above_the_last_is_a_regression()
    {
        Checker.OnCommit([Commit("e1", "interview.status_changed", 1), Commit("e2", "interview.completed", 1)]);
        Checker.OnCommit([Commit("e3", "interview.updated", 2)]);
        Assert.Empty(Checker.Violations);

        Checker.OnCommit([Commit("e4", "interview.status_changed", 2)]);

        Assert.Equal(Invariants.SequenceIncreases, Assert.Single(Checker.Violations).Invariant);
        Assert.Equal(1, Checker.SequenceRegressions);
    }

    [Fact]
    public void A_completion_committed_twice_is_a_duplicate_even_under_the_same_id()
    {
        Checker.OnCommit([Commit("e1", "interview.completed", 2)]);
        Checker.OnCommit([Commit("e1", "interview.completed", 3)]);

        Assert.Equal(Invariants.OneEventPerCompletion, Assert.Single(Checker.Violations).Invariant);
        Assert.Equal(1, Checker.DuplicateEvents);
    }

    [Fact]
    public void A_completion_a_subscription_never_received_is_reported_and_a_received_one_is_not()
    {
        var reached = Subscription(1);
        var missed = Subscription(2);
        Checker.OnCommit([Commit("e1", "interview.completed", 2)]);
        Checker.OnDelivered(reached, "e1", "interview.completed");
        _context.Clock.AdvanceTo(T0 + TimeSpan.FromDays(30));

        Checker.Finish([reached, missed], _context.Clock.GetUtcNow(), _ => T0 - TimeSpan.FromMinutes(1));

        var violation = Assert.Single(Checker.Violations);
        Assert.Equal(Invariants.CompletionReachesSubscriptions, violation.Invariant);
        Assert.Contains(2, violation.Actors);
    }

    [Fact]
    public void A_completion_owed_to_a_subscriber_whose_recover_is_still_pending_at_a_cut_is_not_missing()
    {
        // The run is cut (--max-minutes) on day 30, two days into a 3-day outage: its recover has not run.
        var down = Subscription(1, outages: [(TimeSpan.FromDays(28), TimeSpan.FromDays(3))]);
        var recovered = Subscription(2, outages: [(TimeSpan.FromDays(20), TimeSpan.FromDays(3))]);
        Checker.OnCommit([Commit("e1", "interview.completed", 2)]);
        _context.Clock.AdvanceTo(T0 + TimeSpan.FromDays(30));

        Checker.Finish([down, recovered], _context.Clock.GetUtcNow(), _ => T0 - TimeSpan.FromMinutes(1));

        Assert.Equal(1, Checker.PendingAtEnd);
        Assert.Contains(2, Assert.Single(Checker.Violations).Actors);
    }

    [Fact]
    public void A_subscription_created_after_the_completion_is_not_owed_it()
    {
        Checker.OnCommit([Commit("e1", "interview.completed", 2)]);
        _context.Clock.AdvanceTo(T0 + TimeSpan.FromDays(30));

        Checker.Finish([Subscription(1)], _context.Clock.GetUtcNow(), _ => T0 + TimeSpan.FromSeconds(1));

        Assert.Empty(Checker.Violations);
    }

    [Fact]
    public void A_vendor_429_and_a_calendar_month_over_its_cap_break_the_vendor_windows()
    {
        for (var i = 0; i < 3; i++)
        {
            Checker.OnVendorRequest(new VendorRequest("hindsight", T0.AddDays(i), "GET", "/x", 200));
        }

        Checker.CheckMonth("hindsight", "2027-01", 3);
        Assert.Empty(Checker.Violations);

        Checker.OnVendorRequest(new VendorRequest("hindsight", T0.AddDays(5), "GET", "/x", 429));
        Checker.CheckMonth("hindsight", "2027-01", 3);

        Assert.Equal(2, Checker.Violations.Count(v => v.Invariant == Invariants.VendorWindows));
    }

    [Fact]
    public void Only_a_disable_after_five_days_of_outage_is_deserved()
    {
        var actor = Subscription(1, outages: [(TimeSpan.FromDays(1), TimeSpan.FromDays(6))]);
        _context.OwnSubscription("sub_1", actor);

        Checker.OnAutoDisable("sub_1", T0 + TimeSpan.FromDays(6), "failing");
        Assert.Empty(Checker.Violations);
        Checker.OnAutoDisable("sub_1", T0 + TimeSpan.FromDays(5.9), "failing");

        Assert.Equal(Invariants.DeservedDisables, Assert.Single(Checker.Violations).Invariant);
    }

    [Fact]
    public void State_that_keeps_growing_after_day_120_is_unbounded()
    {
        for (var day = 1; day <= 240; day++)
        {
            Checker.SampleEntries(day, Entries(day < 120 ? day * 10 : 1200));
        }

        Checker.Finish([], T0 + TimeSpan.FromDays(240), _ => null);
        Assert.Empty(Checker.Violations);

        var growing = new SimulationContext(new SimulationOptions(240, 1), T0).Checker;
        for (var day = 1; day <= 240; day++)
        {
            growing.SampleEntries(day, Entries(day * 10));
        }

        growing.Finish([], T0 + TimeSpan.FromDays(240), _ => null);
        Assert.Equal(Invariants.BoundedState, Assert.Single(growing.Violations).Invariant);
    }

    private static Dictionary<string, long> Entries(long count) => new() { ["store"] = count };

    private Commit Commit(string id, string type, long sequence) =>
        new(_context.Clock.GetUtcNow(), id, type, "userjourneys_abc", sequence);

    private static SubscriptionActor Subscription(int id, IReadOnlyList<(TimeSpan, TimeSpan)>? outages = null) =>
        new(id, TimeSpan.Zero, 0, ["interview.completed"], null, null, null, outages ?? []);
}
