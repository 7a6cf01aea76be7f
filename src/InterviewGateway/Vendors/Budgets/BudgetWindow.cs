namespace InterviewGateway.Vendors.Budgets;

/// One vendor limit ("10 per minute") as a GCRA window: requests are spaced `Interval` apart, with
/// `Burst` allowed back to back. Interval = Period / (Limit - Burst + 1), so no span of one Period ever
/// holds more than Limit requests, which is what a vendor counting a sliding window checks.
internal sealed record BudgetWindow(string Name, int Limit, TimeSpan Period, int Burst)
{
    public TimeSpan Interval => Period / (Limit - Burst + 1);

    /// The interval in whole milliseconds, rounded up: truncating (60 s / 9 = 6666 ms) lets one request
    /// too many into a Period.
    public long IntervalMs => (long)Math.Ceiling(Interval.TotalMilliseconds);

    /// How far ahead of now a priority may push the window: callers the whole burst; each priority below
    /// leaves one more token of it untouched (webhook follow-ups one, reconciliation and polls two), or,
    /// when the burst is only 2, webhook follow-ups half of it and the others none. So however hard polls
    /// run, a lone caller finds a token at once, and a webhook follow-up at once (burst 3 or more) or
    /// within half an interval (burst 2). Polls still spend the whole sustained rate.
    public TimeSpan Tolerance(BudgetPriority priority) => Interval * Tokens(priority);

    /// The tolerance as enforced, in whole steps of `IntervalMs` (what each request adds to the TAT):
    /// from the exact `Interval` it would come out a millisecond short of the tokens it stands for, and a
    /// caller right behind a poll would be told to wait 1 ms.
    public long ToleranceMs(BudgetPriority priority) => (long)(IntervalMs * Tokens(priority));

    /// Tokens of the burst a priority may use beyond the one it takes.
    private double Tokens(BudgetPriority priority)
    {
        var reserved = Reserved(priority);
        return Math.Max(Burst - 1 - reserved, (Burst - 1) * (2 - reserved) / 2.0);
    }

    /// Tokens of the burst a priority leaves untouched for the priorities above it.
    public static int Reserved(BudgetPriority priority) => Math.Min((int)priority, 2);

    /// Requests per minute this window sustains in the long run.
    public double SustainedPerMinute => TimeSpan.FromMinutes(1) / Interval;

    /// The longest calendar month.
    public static readonly TimeSpan MonthPeriod = TimeSpan.FromDays(31);

    public static IReadOnlyList<BudgetWindow> For(VendorOptions options)
    {
        var windows = new List<BudgetWindow>(3);
        if (options.RequestsPerMinute > 0)
        {
            windows.Add(
                new("minute", options.RequestsPerMinute, TimeSpan.FromMinutes(1),
                    Math.Min(2, options.RequestsPerMinute)));
        }

        if (options.RequestsPerHour > 0)
        {
            windows.Add(
                new("hour", options.RequestsPerHour, TimeSpan.FromHours(1),
                    Math.Clamp(options.RequestsPerHour / 20, 1, 100)));
        }

        if (options.RequestsPerMonth > 0)
        {
            // A month is budgeted as a rolling 31 days (issue 17): no span of 31 days holds more than the
            // limit, so neither does any calendar month (28 to 31 days) nor a rolling 30 days, however the
            // vendor counts. Over 30 days, burst included, it overshot a 31-day month by ~3%.
            windows.Add(
                new("month", options.RequestsPerMonth, MonthPeriod,
                    Math.Clamp(options.RequestsPerMonth / 20, 1, 1000)));
        }

        return windows;
    }
}
