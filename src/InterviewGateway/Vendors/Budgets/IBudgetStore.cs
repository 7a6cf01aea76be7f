namespace InterviewGateway.Vendors.Budgets;

/// Outcome of one attempt to spend: taken, or how long until it could be, and whether that wait is a
/// vendor-imposed pause (after a 429) rather than our own budget.
internal readonly record struct BudgetAttempt(TimeSpan Wait, bool Paused)
{
    public bool Taken => Wait <= TimeSpan.Zero;
}

internal sealed record BudgetUse(long Minute, long Hour, long Month, DateTimeOffset? PausedUntil);

/// Budget state shared by every instance (Redis) or the one process (in memory).
internal interface IBudgetStore
{
    Task<BudgetAttempt> TryTakeAsync(string vendor, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, DateTimeOffset now, CancellationToken cancellationToken);

    Task PauseUntilAsync(string vendor, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    Task<BudgetUse> GetUseAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken);
}

/// Fixed calendar periods for the "use so far" counters shown by GET /v1/vendors.
internal static class UsePeriods
{
    public static (string Minute, string Hour, string Month) At(DateTimeOffset now) =>
        (now.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture),
         now.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture),
         now.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture));
}
