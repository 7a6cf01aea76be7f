namespace InterviewGateway.Simulation;

/// What a run found and the figures its report prints.
internal sealed record SimulationResult(
    SimulationOptions Options, Checker Checker, IReadOnlyList<string> Trace, long Steps, TimeSpan Wall,
    IReadOnlyList<string> Logged, IReadOnlyDictionary<string, (long Count, TimeSpan Wall)> Profile)
{
    public IReadOnlyList<Violation> Violations => Checker.Violations;

    /// The simulated days the run got through (fewer than asked when its wall budget ran out).
    public double DaysRun => Math.Min(Options.Days, (Checker.End - SimulationRun.Start).TotalDays);

    /// Wall time per simulated year.
    public TimeSpan WallPerYear => Wall * (365.0 / DaysRun);

    public void Print(TextWriter output)
    {
        var c = Checker;
        var days = DaysRun < Options.Days ? $"{DaysRun:F0} of {Options.Days} days (wall budget ran out)"
            : $"{Options.Days} days";
        output.WriteLine($"Simulation: seed {Options.Seed}, {days}, {Options.Instances} instances "
            + $"(clock offsets within ±{SimulationOptions.MaxOffset.TotalSeconds} s), "
            + (Options.Redis ? $"Redis stores on redis-server in virtual time, {c.RedisCrashes} crashes losing 1 s"
                + $" (completions committed again under the same id after one: {c.Recommitted})" : "in-memory stores"));
        output.WriteLine($"  completions (interview.completed committed) {c.Completions:N0}, events {c.Events:N0}, "
            + $"deliveries {c.Deliveries:N0}");
        output.WriteLine($"  duplicate events {c.DuplicateEvents}, sequence regressions {c.SequenceRegressions}, "
            + $"vendor 429s {c.RateLimited}");
        if (c.PendingAtEnd > 0)
        {
            output.WriteLine("  completions still owed at the end to subscriptions awaiting a recover: "
                + $"{c.PendingAtEnd} (not counted as missing)");
        }

        foreach (var vendor in c.Spend.Keys.Select(k => k.Vendor).Distinct().Order(StringComparer.Ordinal))
        {
            output.WriteLine($"  {vendor}: largest calendar month {Largest(vendor, "month")}, "
                + $"largest clock hour {Largest(vendor, "hour")}");
        }

        output.WriteLine($"  auto-disables {c.Disables.Count} (deserved {c.Disables.Count(d => d.Deserved)}"
            + string.Concat(c.Disables.Select(d => $"; #{d.Actor} {d.At:yyyy-MM-dd HH:mm} "
                + (d.Deserved ? "deserved" : "NOT deserved"))) + ")");
        var failed = c.FailedJobs.Count == 0 ? "none"
            : string.Join("; ", c.FailedJobs.Select(f => $"{f.Key} x{f.Value}"));
        output.WriteLine($"  failed jobs (as Hangfire would keep them): {failed}");
        output.WriteLine($"  largest store entry count after day 120: {c.LargestEntriesAfterDay120:N0} (at the end: "
            + $"{string.Join(", ", c.LastEntries.Where(e => e.Value > 0).OrderByDescending(e => e.Value)
                .Select(e => $"{e.Key} {e.Value:N0}"))})");
        output.WriteLine($"  steps {Steps:N0}, wall {Wall.TotalSeconds:F1} s, {WallPerYear.TotalSeconds:F1} s per "
            + "simulated year");
        if (Environment.GetEnvironmentVariable("SIM_PROFILE") is not null)
        {
            foreach (var (kind, (count, wall)) in Profile.OrderByDescending(p => p.Value.Wall))
            {
                output.WriteLine($"    {kind,-40} {count,9:N0} steps {wall.TotalSeconds,7:F2} s");
            }
        }

        output.WriteLine($"  logged at Warning+: {(Logged.Count == 0 ? "nothing" : "")}");
        foreach (var line in Logged.Take(15))
        {
            output.WriteLine($"    {line}");
        }

        var byInvariant = Violations.GroupBy(v => v.Invariant).ToList();
        output.WriteLine(Violations.Count == 0 ? "  violations: none"
            : $"  violations: {Violations.Count} ("
                + $"{string.Join(", ", byInvariant.Select(g => $"{g.Key} {g.Count()}"))})");
        foreach (var group in byInvariant)
        {
            foreach (var violation in group.Take(3))
            {
                output.WriteLine($"    {violation}");
            }
        }
    }

    private string Largest(string vendor, string period) =>
        Checker.Spend.Where(s => s.Key.Vendor == vendor && s.Key.Period.StartsWith(period, StringComparison.Ordinal))
            .OrderByDescending(s => s.Value).Select(s => $"{s.Value:N0} ({s.Key.Period[(period.Length + 1)..]})")
            .FirstOrDefault() ?? "0";
}
