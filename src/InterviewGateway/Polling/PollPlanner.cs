namespace InterviewGateway.Polling;

/// Decides how often interviews of each age are polled when the budget cannot pay for every wanted
/// poll. Until enough completions are seen (the fallback): the youngest tier (where completions cluster)
/// is paid first and older tiers get what is left. With data (`Weighted`): each interview is polled at
/// a rate proportional to the square root of the completion hazard at its age, which minimises the mean
/// detection delay for a given number of polls. Either way every tier keeps at least `floorShare` of
/// the budget (or what it needs) so nothing is starved.
internal static class PollPlanner
{
    public static readonly TimeSpan[] TierAges = [TimeSpan.FromDays(1), TimeSpan.FromDays(7)];
    public const double DefaultFloorShare = 0.1;

    /// No interval is planned longer than this (tracking ends at 30 days by default anyway).
    private const double LongestMinutes = 30 * 24 * 60;

    public static int Tier(TimeSpan age) => age < TierAges[0] ? 0 : age < TierAges[1] ? 1 : 2;

    /// The baseline: one interval for everyone, stretched evenly when the budget binds (round robin).
    public static TimeSpan[] Uniform(IReadOnlyList<long> counts, IReadOnlyList<TimeSpan> cadence, double pollsPerMinute)
    {
        var total = counts.Sum();
        var stretched = total == 0 || double.IsPositiveInfinity(pollsPerMinute) ? TimeSpan.Zero
            : TimeSpan.FromMinutes(total / pollsPerMinute);
        return [.. cadence.Select(c => c > stretched ? c : stretched)];
    }

    /// Intervals per tier given tier sizes, wanted cadence and the sustainable polls per minute.
    public static TimeSpan[] Intervals(
        IReadOnlyList<long> counts,
        IReadOnlyList<TimeSpan> cadence,
        double pollsPerMinute,
        double floorShare = DefaultFloorShare)
    {
        var intervals = new TimeSpan[counts.Count];
        var demand = counts.Select((n, i) => n / cadence[i].TotalMinutes).ToArray();
        if (double.IsPositiveInfinity(pollsPerMinute) || demand.Sum() <= pollsPerMinute)
        {
            return [.. cadence];
        }

        // Each tier is guaranteed its floor share of the budget, or less when it needs less; what no floor
        // takes goes to the youngest tiers first.
        var reserved = demand.Select(d => Math.Min(d, pollsPerMinute * floorShare)).ToArray();
        var remaining = pollsPerMinute - reserved.Sum();
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
            {
                intervals[i] = cadence[i];
                continue;
            }

            var extra = Math.Min(Math.Max(0, demand[i] - reserved[i]), remaining);
            remaining -= extra;
            var share = reserved[i] + extra;
            intervals[i] = share >= demand[i]
                ? cadence[i]
                : TimeSpan.FromMinutes(Math.Min(counts[i] / share, LongestMinutes));
        }

        return intervals;
    }

    /// Hazard per age bin from completions and exposure, each bin shrunk toward the overall hazard
    /// (one pseudo-completion), so a bin with little data is neither starved nor overpaid.
    public static double[] Hazard(CompletionCounts stats)
    {
        var overall = (stats.Completions.Sum() + 1) / (stats.ExposureHours.Sum() + 1);
        return [.. stats.Completions.Select((c, b) => (c + 1) / (stats.ExposureHours[b] + (1 / overall)))];
    }

    /// Per-bin intervals: rate per interview = min(wanted, k * sqrt(hazard)), k chosen so the tracked
    /// interviews spend exactly the budget; a tier that would get less than its floor share (and needs
    /// more) gets the floor, and the other tiers share the rest the same way.
    public static TimeSpan[] Weighted(
        IReadOnlyList<long> binCounts,
        IReadOnlyList<TimeSpan> binCadence,
        double pollsPerMinute,
        IReadOnlyList<double> hazard,
        double floorShare = DefaultFloorShare)
    {
        var bins = binCounts.Count;
        var cap = binCadence.Select(c => 1 / c.TotalMinutes).ToArray();
        if (double.IsPositiveInfinity(pollsPerMinute) || binCounts.Select((n, b) => n * cap[b]).Sum() <= pollsPerMinute)
        {
            return [.. binCadence];
        }

        var weight = hazard.Select(Math.Sqrt).ToArray();
        var tierOf = Enumerable.Range(0, bins)
            .Select(b => Tier(b == 0 ? TimeSpan.Zero : CompletionCounts.BinEdges[b - 1])).ToArray();
        var rates = Fill(Enumerable.Range(0, bins).ToArray(), pollsPerMinute);
        var floored = new List<int>();
        for (var tier = 0; tier < TierAges.Length + 1; tier++)
        {
            var members = Enumerable.Range(0, bins).Where(b => tierOf[b] == tier).ToArray();
            var need = Math.Min(pollsPerMinute * floorShare, members.Sum(b => binCounts[b] * cap[b]));
            if (members.Sum(b => binCounts[b] * rates[b]) < need - 1e-9)
            {
                floored.Add(tier);
                var tierRates = Fill(members, need);
                foreach (var b in members)
                {
                    rates[b] = tierRates[b];
                }
            }
        }

        if (floored.Count > 0)
        {
            var others = Enumerable.Range(0, bins).Where(b => !floored.Contains(tierOf[b])).ToArray();
            var left = pollsPerMinute - Enumerable.Range(0, bins)
                .Where(b => floored.Contains(tierOf[b])).Sum(b => binCounts[b] * rates[b]);
            var otherRates = Fill(others, Math.Max(0, left));
            foreach (var b in others)
            {
                rates[b] = otherRates[b];
            }
        }

        return [.. rates.Select((r, b) =>
            r >= cap[b] ? binCadence[b] : TimeSpan.FromMinutes(Math.Min(1 / r, LongestMinutes)))];

        // Water-filling over `members`: the k with sum(n * min(cap, k * w)) = budget, by bisection.
        double[] Fill(int[] members, double budget)
        {
            var result = new double[bins];
            double Spend(double k) => members.Sum(b => binCounts[b] * Math.Min(cap[b], k * weight[b]));
            double low = 0, high = 1;
            while (Spend(high) < budget && high < 1e12)
            {
                high *= 2;
            }

            for (var i = 0; i < 100; i++)
            {
                var mid = (low + high) / 2;
                (Spend(mid) < budget ? ref low : ref high) = mid;
            }

            foreach (var b in members)
            {
                result[b] = Math.Min(cap[b], low * weight[b]);
            }

            return result;
        }
    }
}
