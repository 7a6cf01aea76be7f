namespace InterviewGateway.Polling;

/// The polling plan of one vendor: per age tier, tracked interviews, wanted and effective interval; per
/// finer age bin (`CompletionCounts.BinEdges`), the interval actually used; whether it is weighted by
/// learned completions; the budget's sustainable polls a minute and what the plan spends of it.
internal sealed record PollPlan(
    long[] Tracked,
    TimeSpan[] Wanted,
    TimeSpan[] Effective,
    TimeSpan[] BinIntervals,
    bool Learned,
    double BudgetPerMinute,
    double PlannedPerMinute)
{
    /// How early a poll may run when a token would otherwise go unused: the least stretch of any age
    /// that has tracked interviews (planned interval minus wanted cadence), so no poll comes sooner
    /// than its wanted cadence. Zero when some tracked age gets its wanted cadence.
    public TimeSpan Ahead { get; init; }

    /// Time from a poll at `age` to the next: one poll's worth of the planned rate, integrated over the
    /// bins ahead, so a long interval from a quiet age does not skip the busier ages that follow.
    public TimeSpan IntervalFor(TimeSpan age)
    {
        var (at, owed) = (age, 1.0);
        for (var bin = CompletionCounts.BinOf(age); ; bin++)
        {
            var end = bin < CompletionCounts.BinEdges.Length ? CompletionCounts.BinEdges[bin] : TimeSpan.MaxValue;
            var polls = (end - at) / BinIntervals[bin];
            if (bin == CompletionCounts.BinEdges.Length || polls >= owed)
            {
                return at - age + (BinIntervals[bin] * owed);
            }

            (at, owed) = (end, owed - polls);
        }
    }
}
