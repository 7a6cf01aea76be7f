namespace InterviewGateway.Simulation;

/// Finds a short workload that still breaks the first violation's invariant: replays with only the
/// actors the violation names (plus plan changes), then drops actors in halves, quarters, ... (delta
/// debugging) while the replay still fails, within a replay budget. Prints the seed, the actors left
/// and the trace of the last failing replay.
internal static class Shrinker
{
    public static async Task<(IReadOnlyList<Actor> Actors, SimulationResult Result)?> ShrinkAsync(
        SimulationOptions options, IReadOnlyList<Actor> workload, Violation violation, int budget,
        TextWriter log)
    {
        var days = Math.Min(options.Days, (int)Math.Ceiling((violation.At - SimulationRun.Start).TotalDays) + 1);
        var invariant = violation.Invariant;
        SimulationResult? last = null;
        var replays = 0;

        async Task<bool> FailsAsync(IReadOnlyCollection<Actor> actors)
        {
            replays++;
            var result = await SimulationRun.RunAsync(options with
            {
                Days = days,
                Progress = null,
                Only = actors.Select(a => a.Id).ToHashSet(),
                StopAtFirstViolation = invariant != Invariants.CompletionReachesSubscriptions
                    && invariant != Invariants.BoundedState,
            }, workload);
            var fails = result.Violations.Any(v => v.Invariant == invariant);
            log.WriteLine($"  replay {replays}: {actors.Count} actors, {days} days: {(fails ? "fails" : "passes")}");
            if (fails)
            {
                last = result;
            }

            return fails;
        }

        var named = workload.Where(a => violation.Actors.Contains(a.Id) || a is LimitChangeActor).ToList();
        var current = named.Count > 0 && await FailsAsync(named) ? named : workload.ToList();
        if (current.Count == workload.Count && !await FailsAsync(current))
        {
            return null; // not reproducible on replay
        }

        for (var chunks = 2; replays < budget && current.Count > 1;)
        {
            var size = (int)Math.Ceiling(current.Count / (double)chunks);
            var reduced = false;
            for (var i = 0; i < chunks && replays < budget; i++)
            {
                var candidate = current.Where((_, index) => index / size != i).ToList();
                if (candidate.Count > 0 && candidate.Count < current.Count && await FailsAsync(candidate))
                {
                    current = candidate;
                    chunks = Math.Max(chunks - 1, 2);
                    reduced = true;
                    break;
                }
            }

            if (!reduced)
            {
                if (size == 1)
                {
                    break;
                }

                chunks = Math.Min(current.Count, chunks * 2);
            }
        }

        return last is null ? null : (current, last);
    }
}
