extern alias simulation;

using InterviewGateway.IntegrationTests.Infrastructure;
using simulation::InterviewGateway.Simulation;
using Xunit.Abstractions;

namespace InterviewGateway.IntegrationTests.SimulationRuns;

/// The short form of the simulation with its fixed seed: every invariant in `Invariants.All` must hold.
/// Before issue 17's time fixes it failed (docs/simulation.md, "What it found"): seed 1 broke
/// one-event-per-completion, sequence-increases, vendor-windows and bounded-state. About 75 s of CPU in Debug
/// (h-simspeed, at a load average of 30): 400 days would be about 125 s, so it stays at 240 days.
[LongRunning]
public sealed class SimulationInvariantTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Short_form_holds_every_invariant()
    {
        var options = SimulationOptions.ShortForm;
        var result = await SimulationRun.RunAsync(options, Workload.Generate(options, SimulationRun.Start));
        var report = new StringWriter();
        result.Print(report);
        output.WriteLine(report.ToString());

        Assert.True(result.Checker.Completions > 0 && result.Checker.Deliveries > 0, "the run delivered nothing");
        var broken = Invariants.All.Where(i => result.Violations.Any(v => v.Invariant == i)).ToList();
        Assert.True(broken.Count == 0, $"Seed {options.Seed}, {options.Days} days: {string.Join(", ", broken)} broke "
            + $"(replay: dotnet run --project tests/InterviewGateway.Simulation -c Release -- --days {options.Days} "
            + $"--seed {options.Seed} --scale-percent {options.Scale * 100:F0}):\n{report}");
    }
}
