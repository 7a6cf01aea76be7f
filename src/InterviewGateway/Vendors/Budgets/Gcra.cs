namespace InterviewGateway.Vendors.Budgets;

/// The GCRA step shared by the in-memory store and mirrored by the Redis Lua script: given each
/// window's theoretical arrival time (TAT, ms) and, per priority, until when a waiter of that priority
/// is waiting (ms), either take one request (advance every TAT and return 0) or return how many ms to
/// wait, marking this priority as waiting so lower ones leave the next token to it (until one of that
/// priority takes a token).
internal static class Gcra
{
    /// How long past its expected retry a waiter's mark keeps lower priorities off the budget.
    public const long WaitingGraceMs = 1_000;

    /// A window whose limit changed keeps the requests it already owes, rescaled to its new interval
    /// (the Lua script does the same): a fresh TAT would grant a whole new burst.
    /// How long to wait behind a higher priority's mark `markWait` ms from now: until a step after that
    /// waiter's turn (the mark less its grace), not to the end of its grace; its take clears the mark, and
    /// one that is late is asked again every step, so a waiter that waited a little holds lower ones off
    /// for about as long, not for a second.
    public static long BehindMark(long markWait) =>
        markWait <= 0 ? 0 : Math.Min(markWait, Math.Max(markWait - WaitingGraceMs, 0) + MarkStepMs);

    /// How often a lower priority asks again while a higher one's mark stands.
    public const long MarkStepMs = WaitingGraceMs / 10;

    public static void Rescale(long[] tats, long[] intervals, IReadOnlyList<BudgetWindow> windows, long nowMs)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            var interval = windows[i].IntervalMs;
            if (intervals[i] != 0 && intervals[i] != interval && tats[i] > nowMs)
            {
                tats[i] = nowMs + (long)Math.Ceiling((tats[i] - nowMs) * (double)interval / intervals[i]);
            }

            intervals[i] = interval;
        }
    }

    public static long TryTake(
        long[] tats, long[] waiting, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, long nowMs)
    {
        long wait = 0;
        for (var p = 0; p < (int)priority; p++)
        {
            wait = Math.Max(wait, BehindMark(waiting[p] - nowMs));
        }

        for (var i = 0; i < windows.Count; i++)
        {
            var tat = Math.Max(tats[i], nowMs);
            wait = Math.Max(wait, tat - windows[i].ToleranceMs(priority) - nowMs);
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

        // A waiter that got its token takes its mark with it: left standing for its grace, it would hold
        // every lower priority off the budget for up to a second after nobody waits any more.
        if (priority < BudgetPriority.Poll)
        {
            waiting[(int)priority] = 0;
        }

        return 0;
    }
}
