extern alias simulation;

using InterviewGateway.IntegrationTests.Infrastructure;
using simulation::InterviewGateway.Simulation;
using Xunit.Abstractions;

namespace InterviewGateway.IntegrationTests.SimulationRuns;

/// A seeded run replays exactly (issue 17): identical runs used to differ by a few steps in 360,000 and in
/// their auto-disables, because each delivery attempt drew its retry jitter from one shared Random in the
/// order the attempts finished, which the thread pool decides. This workload makes that order matter:
/// every subscriber is down at once for days (so each event fans out to several failing attempts that run
/// side by side), and comes back before the end while retries are still pending.
[LongRunning]
public sealed class DeterminismTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_runs_of_one_seed_with_many_concurrent_failing_attempts_are_identical()
    {
        var options = new SimulationOptions(Days: 7, Seed: 5, Instances: 2, Scale: 1.5);
        var workload = Outages(Workload.Generate(options, SimulationRun.Start));

        var first = await SimulationRun.RunAsync(options, workload);
        var second = await SimulationRun.RunAsync(options, workload);

        var (a, b) = (Figures(first), Figures(second));
        output.WriteLine($"first:  {a}\nsecond: {b}");
        Assert.True(first.Checker.Disables.Count > 0, "no subscription was auto-disabled");
        Assert.True(first.Checker.Deliveries > 50, $"deliveries: {first.Checker.Deliveries}");
        Assert.Equal(a, b);
        Assert.Empty(first.Violations);
    }

    /// Six subscriptions to everything; five of their subscribers are down together (one of them long enough
    /// to be disabled), and come back at different times.
    private static List<Actor> Outages(IReadOnlyList<Actor> generated)
    {
        (double From, double Days)[] outages = [(0.5, 6.2), (0.5, 2.3), (0.6, 4.1), (1.5, 3.4), (0.5, 5.6), (0, 0)];
        var actors = generated.Where(a => a is not SubscriptionActor).ToList();
        var types = new[] { "interview.completed", "interview.status_changed" };
        for (var s = 0; s < outages.Length; s++)
        {
            var (from, days) = outages[s];
            IReadOnlyList<(TimeSpan, TimeSpan)> down = days == 0 ? []
                : [(TimeSpan.FromDays(from), TimeSpan.FromDays(days))];
            actors.Add(new SubscriptionActor(actors.Count + 1000, TimeSpan.FromMinutes(10 + s), s % 2, types, null,
                null, null, down));
        }

        return actors;
    }

    /// Two subscriptions disabled in one pass are observed in the order their attempts finish.
    private static string Figures(SimulationResult result) =>
        $"steps {result.Steps}, completions {result.Checker.Completions}, events {result.Checker.Events}, "
        + $"deliveries {result.Checker.Deliveries}, auto-disables " + string.Join(", ",
            result.Checker.Disables.OrderBy(d => (d.At, d.Actor)).Select(d => $"#{d.Actor} {d.At:MM-dd HH:mm:ss.fff}"));
}
