using System.Globalization;
using InterviewGateway.Simulation;

// The deterministic simulation of the whole gateway (docs/simulation.md). Short form (as CI runs it):
//   dotnet run --project tests/InterviewGateway.Simulation -c Release -- --days 400 --seed 1
// Long form: --days 3650 --seed N. Exits 1 when an invariant broke, after printing the seed and the
// shortest trace it found (`--no-shrink` skips that).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var days = Argument("--days", 400);
var seed = Argument("--seed", 1);
var instances = Argument("--instances", 3);
var scale = Argument("--scale-percent", 100) / 100.0;
var budget = Argument("--max-minutes", 0);
var options = new SimulationOptions(days, seed, instances, scale)
{
    Progress = Console.Error, WallBudget = budget > 0 ? TimeSpan.FromMinutes(budget) : null,
    Redis = args.Contains("--redis"),
};
var workload = Workload.Generate(options, SimulationRun.Start);
var result = await SimulationRun.RunAsync(options, workload);
result.Print(Console.Out);
if (Array.IndexOf(args, "--trace") is var traceArgument and >= 0 && traceArgument + 1 < args.Length)
{
    await File.WriteAllLinesAsync(args[traceArgument + 1], result.Trace);
}

if (result.Violations.Count == 0)
{
    return 0;
}

if (!args.Contains("--no-shrink"))
{
    var first = result.Violations[0];
    Console.WriteLine();
    Console.WriteLine($"Shrinking the first violation: {first}");
    var shrunk = await Shrinker.ShrinkAsync(options, workload, first, Argument("--shrink-budget", 16), Console.Out);
    Console.WriteLine(shrunk is null ? "  (it did not fail again on replay)" : "");
    if (shrunk is { } found)
    {
        Report.PrintTrace(Console.Out, options, found.Actors, found.Result);
    }
}

return 1;

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
