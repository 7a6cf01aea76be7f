using InterviewGateway.Polling;

namespace InterviewGateway.Tests.Polling;

public sealed class PollPlannerTests
{
    private static readonly TimeSpan[] Cadence = PollingOptions.DefaultCadence;

    // TimeSpan keeps whole ticks, so a planned total can exceed the budget by ~1e-10; the GCRA enforces it anyway.
    private static double PollsPerMinute(long[] counts, TimeSpan[] intervals) =>
        counts.Select((n, i) => n / intervals[i].TotalMinutes).Sum();

    [Fact]
    public void No_stretching_when_the_budget_suffices()
    {
        long[] counts = [200, 600, 2_000]; // 40 + 40 + 33.3 polls a minute
        Assert.Equal(Cadence, PollPlanner.Intervals(counts, Cadence, 120));
        Assert.Equal(Cadence, PollPlanner.Intervals(counts, Cadence, double.PositiveInfinity));
        Assert.Equal(Cadence, PollPlanner.Uniform(counts, Cadence, double.PositiveInfinity));
    }

    [Fact]
    public void The_young_tier_keeps_its_cadence_first_when_the_budget_binds()
    {
        long[] counts = [100, 1_000, 5_000]; // wants 20 + 66.7 + 83.3 polls a minute
        var intervals = PollPlanner.Intervals(counts, Cadence, 60);

        Assert.Equal(Cadence[0], intervals[0]);
        Assert.Equal(TimeSpan.FromMinutes(1_000 / 34.0), intervals[1]); // 6 reserved + the 28 left
        Assert.Equal(TimeSpan.FromMinutes(5_000 / 6.0), intervals[2]); // only its reserved tenth
        Assert.True(PollsPerMinute(counts, intervals) <= 60 + 1e-6,
            $"{PollsPerMinute(counts, intervals):R} polls a minute");
    }

    [Theory]
    [InlineData(100_000, 3_000, 20_000)]
    [InlineData(1_000, 1_000, 1_000)]
    [InlineData(500, 0, 50_000)]
    public void Older_tiers_are_stretched_but_never_below_a_tenth_of_the_budget(long young, long week, long older)
    {
        long[] counts = [young, week, older];
        var intervals = PollPlanner.Intervals(counts, Cadence, 60);
        for (var i = 0; i < counts.Length; i++)
        {
            Assert.True(intervals[i] >= Cadence[i], $"tier {i} polled faster than wanted");
            if (counts[i] > 0)
            {
                Assert.True(counts[i] / intervals[i].TotalMinutes >= 6 - 1e-9 || intervals[i] == Cadence[i],
                    $"tier {i} starved: {intervals[i]}");
            }
        }

        Assert.True(intervals[2] >= intervals[0] || counts[2] == 0);
        Assert.True(PollsPerMinute(counts, intervals) <= 60 + 1e-6,
            $"{PollsPerMinute(counts, intervals):R} polls a minute");
    }

    [Fact]
    public void A_small_tier_reserves_only_what_it_needs_and_the_rest_goes_to_the_young()
    {
        long[] counts = [10_000, 100, 100]; // the older tiers want 6.7 and 1.7 polls a minute
        var intervals = PollPlanner.Intervals(counts, Cadence, 60);

        Assert.Equal(Cadence[2], intervals[2]);
        Assert.Equal(TimeSpan.FromMinutes(100 / 6.0), intervals[1]);
        Assert.Equal(60, PollsPerMinute(counts, intervals), 6); // nothing of the budget is left idle
    }

    [Fact]
    public void Uniform_gives_one_stretched_interval_of_n_over_r()
    {
        long[] counts = [100, 1_000, 5_000];
        var stretched = TimeSpan.FromMinutes(6_100 / 60.0);
        Assert.Equal([stretched, stretched, stretched], PollPlanner.Uniform(counts, Cadence, 60));

        // Below a tier's own cadence the cadence wins.
        Assert.Equal([TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), Cadence[2]],
            PollPlanner.Uniform([300, 300, 0], Cadence, 60));
    }

    [Fact]
    public void Tiers_follow_age()
    {
        Assert.Equal(0, PollPlanner.Tier(TimeSpan.FromHours(23)));
        Assert.Equal(1, PollPlanner.Tier(TimeSpan.FromDays(1)));
        Assert.Equal(2, PollPlanner.Tier(TimeSpan.FromDays(7)));
    }
}
