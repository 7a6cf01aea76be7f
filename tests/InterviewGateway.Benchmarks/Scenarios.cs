namespace InterviewGateway.Benchmarks;

internal static class Scenarios
{
    /// All tracked at the start (one age tier); each completes at a uniform random time within `spread`.
    public static List<SimulatedInterview> Uniform(int n, TimeSpan spread, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i =>
            new SimulatedInterview($"i{i:D6}", Simulation.Start, Simulation.Start + (spread * random.NextDouble()),
            young: true))];
    }

    /// 20% tracked in the last 12 hours (they stay young for the run), 30% 1-7 days ago, 50% 7-29 days
    /// ago. A fifth complete within 4 hours, 80% of those among the young: 800 young, 100 + 100 older.
    public static List<SimulatedInterview> AgeMix(int n, int seed)
    {
        var random = new Random(seed);
        var spread = TimeSpan.FromHours(4);
        var (young, middle) = (n / 5, n * 3 / 10);
        var completing = new[] { young * 4 / 5, n / 50, n / 50 }; // 800 / 100 / 100 for n = 5,000
        var interviews = new List<(DateTimeOffset Since, DateTimeOffset? Completes, bool Young)>(n);
        for (var i = 0; i < n; i++)
        {
            var tier = i < young ? 0 : i < young + middle ? 1 : 2;
            var age = tier switch
            {
                0 => TimeSpan.FromHours(12 * random.NextDouble()),
                1 => TimeSpan.FromDays(1 + (6 * random.NextDouble())),
                _ => TimeSpan.FromDays(7 + (22 * random.NextDouble())),
            };
            var completes = completing[tier]-- > 0 ? Simulation.Start + (spread * random.NextDouble())
                : (DateTimeOffset?)null;
            interviews.Add((Simulation.Start - age, completes, tier == 0));
        }

        // Ids are assigned after shuffling: the queue breaks ties by id, which must not line up with tier.
        return [.. interviews.OrderBy(_ => random.Next()).Select((x, i) =>
            new SimulatedInterview($"i{i:D6}", x.Since, x.Completes, x.Young))];
    }
}
