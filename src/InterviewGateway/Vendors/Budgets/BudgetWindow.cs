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

    /// How far ahead of now a priority may push the window: callers the whole burst, every lower
    /// priority one token less than the one above it (polls and reconciliation alike), so whatever the
    /// background spends, a lone caller, and then a webhook follow-up, still finds a token at once.
    public TimeSpan Tolerance(BudgetPriority priority) =>
        Interval * Math.Max(0, Burst - 1 - Reserved(priority));

    /// Tokens a priority leaves untouched for the priorities above it.
    public static int Reserved(BudgetPriority priority) => Math.Min((int)priority, 2);

    /// Requests per minute this window sustains in the long run.
    public double SustainedPerMinute => TimeSpan.FromMinutes(1) / Interval;

    public static IReadOnlyList<BudgetWindow> For(VendorOptions options)
    {
        var windows = new List<BudgetWindow>(3);
        if (options.RequestsPerMinute > 0)
        {
            windows.Add(new("minute", options.RequestsPerMinute, TimeSpan.FromMinutes(1), Math.Min(3, options.RequestsPerMinute)));
        }

        if (options.RequestsPerHour > 0)
        {
            windows.Add(new("hour", options.RequestsPerHour, TimeSpan.FromHours(1), Math.Clamp(options.RequestsPerHour / 20, Math.Min(3, options.RequestsPerHour), 100)));
        }

        if (options.RequestsPerMonth > 0)
        {
            // A month is budgeted as a rolling 30 days; the burst lets a quiet gateway answer a flurry. It
            // is a hundredth of the limit, as every token of burst costs one of the sustained rate.
            windows.Add(new("month", options.RequestsPerMonth, TimeSpan.FromDays(30),
                Math.Clamp(options.RequestsPerMonth / 100, Math.Min(3, options.RequestsPerMonth), 1000)));
        }

        return windows;
    }
}

/// The GCRA step shared by the in-memory store and mirrored by the Redis Lua script: given each
/// window's theoretical arrival time (TAT, ms) and, per priority, until when a waiter of that priority
/// is waiting (ms), either take one request (advance every TAT and return 0) or return how many ms to
/// wait, marking this priority as waiting so lower ones leave the next token to it.
internal static class Gcra
{
    /// How long past its expected retry a waiter's mark keeps lower priorities off the budget.
    public const long WaitingGraceMs = 1_000;

    public static long TryTake(long[] tats, long[] waiting, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, long nowMs)
    {
        long wait = 0;
        for (var p = 0; p < (int)priority; p++)
        {
            wait = Math.Max(wait, waiting[p] - nowMs);
        }

        for (var i = 0; i < windows.Count; i++)
        {
            var tat = Math.Max(tats[i], nowMs);
            wait = Math.Max(wait, tat - (long)windows[i].Tolerance(priority).TotalMilliseconds - nowMs);
        }

        if (wait > 0)
        {
            if (priority < BudgetPriority.Poll)
            {
                waiting[(int)priority] = Math.Max(waiting[(int)priority], nowMs + wait + WaitingGraceMs);
            }

            return wait;
        }

        for (var i = 0; i < windows.Count; i++)
        {
            tats[i] = Math.Max(tats[i], nowMs) + windows[i].IntervalMs;
        }

        return 0;
    }
}
