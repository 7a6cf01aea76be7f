namespace InterviewGateway.Benchmarks;

internal static class Stats
{
    /// Nearest-rank percentile.
    public static TimeSpan Percentile(IEnumerable<TimeSpan> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    /// The most requests in any window [t, t + 60 s), as a vendor counting a sliding minute sees them.
    public static int MaxInAnyMinute(IReadOnlyList<long> timesMs) => MaxInAnyWindow(timesMs, 60_000);

    /// The most requests in any window [t, t + windowMs) of the (ascending) request times.
    public static int MaxInAnyWindow(IReadOnlyList<long> timesMs, long windowMs)
    {
        var max = 0;
        for (int start = 0, end = 0; end < timesMs.Count; end++)
        {
            while (timesMs[end] - timesMs[start] >= windowMs)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
