namespace InterviewGateway.Polling;

/// Decides how often interviews of each age tier are polled when the budget cannot pay for every
/// wanted poll: the youngest tier (where completions cluster) is paid first, older tiers get what is
/// left, and every tier keeps at least a tenth of the budget so nothing is starved.
internal static class PollPlanner
{
    public static readonly TimeSpan[] TierAges = [TimeSpan.FromDays(1), TimeSpan.FromDays(7)];
    private const double MinimumShare = 0.1;

    public static int Tier(TimeSpan age) => age < TierAges[0] ? 0 : age < TierAges[1] ? 1 : 2;

    /// The baseline: one interval for everyone, stretched evenly when the budget binds (round robin).
    public static TimeSpan[] Uniform(IReadOnlyList<long> counts, IReadOnlyList<TimeSpan> cadence, double pollsPerMinute)
    {
        var total = counts.Sum();
        var stretched = total == 0 || double.IsPositiveInfinity(pollsPerMinute) ? TimeSpan.Zero : TimeSpan.FromMinutes(total / pollsPerMinute);
        return [.. cadence.Select(c => c > stretched ? c : stretched)];
    }

    /// Intervals per tier given tier sizes, wanted cadence and the sustainable polls per minute.
    public static TimeSpan[] Intervals(IReadOnlyList<long> counts, IReadOnlyList<TimeSpan> cadence, double pollsPerMinute)
    {
        var intervals = new TimeSpan[counts.Count];
        var demand = counts.Select((n, i) => n / cadence[i].TotalMinutes).ToArray();
        if (double.IsPositiveInfinity(pollsPerMinute) || demand.Sum() <= pollsPerMinute)
        {
            return [.. cadence];
        }

        // Each tier is guaranteed a tenth of the budget, or less when it needs less; what no floor
        // takes goes to the youngest tiers first.
        var reserved = demand.Select(d => Math.Min(d, pollsPerMinute * MinimumShare)).ToArray();
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
            intervals[i] = share >= demand[i] ? cadence[i] : TimeSpan.FromMinutes(counts[i] / share);
        }

        return intervals;
    }
}
