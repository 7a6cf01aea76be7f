namespace InterviewGateway.Benchmarks;

/// The best allocation of a given number of polls per interview, knowing the completion-time
/// distribution but not the individual times: poll at ages whose density is n(a) = k * sqrt(h(a)), h the
/// completion hazard f(a) / S(a) (what minimises E[delay] + lambda * E[polls]: delay ~ f / 2n, polls ~ S n),
/// capped by the same wanted cadence the gateway uses, with k found by bisection so the expected polls
/// per interview (a poll is made only while the interview is undetected) equal the gateway's. The
/// schedule is evaluated exactly on a one-minute grid: detection delay of a completion at age t is the
/// first poll age at or after t, minus t.
internal static class OfflineOptimum
{
    public sealed record Result(
        double MeanMinutes, double P95Minutes, double PollsPerInterview, double UndetectedShare);

    public static Result Compute(CompletionModel model, IReadOnlyList<TimeSpan> cadence, double pollsPerInterview)
    {
        var minutes = (int)model.Horizon.TotalMinutes;
        var f = new double[minutes + 1];
        var survival = new double[minutes + 1];
        survival[0] = 1;
        for (var a = 1; a <= minutes; a++)
        {
            f[a] = model.Density(a - 0.5);
            survival[a] = Math.Max(1e-12, survival[a - 1] - f[a]);
        }

        var cap = Enumerable.Range(0, minutes + 1).Select(a =>
            1 / cadence[a < 1440 ? 0 : a < 10_080 ? 1 : 2].TotalMinutes).ToArray();
        double low = 0, high = 1;
        while (Evaluate(high).PollsPerInterview < pollsPerInterview && high < 1e9)
        {
            high *= 2;
        }

        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            (Evaluate(mid).PollsPerInterview < pollsPerInterview ? ref low : ref high) = mid;
        }

        return Evaluate(high);

        Result Evaluate(double k)
        {
            // Poll ages: where the cumulative density crosses each whole number.
            var polls = new List<int>();
            double cumulative = 0;
            for (var a = 1; a <= minutes; a++)
            {
                cumulative += Math.Min(cap[a], k * Math.Sqrt(f[a] / survival[a - 1]));
                if (cumulative >= polls.Count + 1)
                {
                    polls.Add(a);
                }
            }

            double expectedPolls = 0, previous = 0;
            foreach (var p in polls)
            {
                expectedPolls += survival[(int)previous]; // poll p happens if not detected by the one before
                previous = p;
            }

            var delays = new List<(double Delay, double Weight)>();
            var next = 0;
            double undetected = 0;
            for (var t = 1; t <= minutes; t++)
            {
                while (next < polls.Count && polls[next] < t)
                {
                    next++;
                }

                if (next < polls.Count)
                {
                    delays.Add((polls[next] - t + 0.5, f[t]));
                }
                else
                {
                    undetected += f[t];
                }
            }

            var total = delays.Sum(d => d.Weight);
            var mean = delays.Sum(d => d.Delay * d.Weight) / total;
            double seen = 0, p95 = 0;
            foreach (var (delay, weight) in delays.OrderBy(d => d.Delay))
            {
                seen += weight;
                if (seen >= 0.95 * total)
                {
                    p95 = delay;
                    break;
                }
            }

            return new Result(mean, p95, expectedPolls, undetected / (total + undetected));
        }
    }
}
