extern alias simulation;

using simulation::InterviewGateway.Simulation;

namespace InterviewGateway.IntegrationTests.SimulationRuns;

/// The harness drives the real gateway: interviews on all three vendors complete, their events are
/// committed and delivered, and a replay of a seed gives the same run.
public sealed class SimulationHarnessTests
{
    [Fact]
    public async Task A_few_days_complete_and_deliver_interviews_of_every_vendor_the_same_way_twice()
    {
        var options = new SimulationOptions(Days: 3, Seed: 7, Instances: 2, Scale: 0.5);
        var workload = Workload.Generate(options, SimulationRun.Start);

        var first = await SimulationRun.RunAsync(options, workload);
        var second = await SimulationRun.RunAsync(options, workload);

        Assert.True(first.Checker.Completions >= 5, $"completions: {first.Checker.Completions}");
        Assert.True(first.Checker.Deliveries >= first.Checker.Completions, $"deliveries: {first.Checker.Deliveries}");
        Assert.Equal(["hindsight", "instaview", "userjourneys"],
            first.Checker.Spend.Keys.Select(k => k.Vendor).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            (first.Checker.Completions, first.Checker.Events, first.Checker.Deliveries, first.Steps),
            (second.Checker.Completions, second.Checker.Events, second.Checker.Deliveries, second.Steps));
        Assert.Empty(first.Violations);
    }
}
