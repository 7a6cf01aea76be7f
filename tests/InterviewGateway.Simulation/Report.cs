namespace InterviewGateway.Simulation;

internal static class Report
{
    /// The seed, the actors a shrunk workload kept, and what happened to them, in order.
    public static void PrintTrace(TextWriter output, SimulationOptions options, IReadOnlyList<Actor> actors,
        SimulationResult result)
    {
        var violation = result.Violations[0];
        output.WriteLine($"Seed {options.Seed}: {violation.Invariant} breaks with {actors.Count} actor(s) in "
            + $"{result.Options.Days} days (replay: --seed {options.Seed} --days {options.Days}):");
        foreach (var actor in actors)
        {
            output.WriteLine($"  {actor.Describe()}");
        }

        output.WriteLine("Trace:");
        var lines = result.Trace;
        var cut = lines.ToList().FindIndex(l => l.Contains("VIOLATION", StringComparison.Ordinal));
        foreach (var line in lines.Take(cut < 0 ? lines.Count : cut + 1).TakeLast(60))
        {
            output.WriteLine($"  {line}");
        }
    }
}
