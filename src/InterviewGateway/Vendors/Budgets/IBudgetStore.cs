namespace InterviewGateway.Vendors.Budgets;

/// Budget state shared by every instance (Redis) or the one process (in memory).
internal interface IBudgetStore
{
    Task<BudgetAttempt> TryTakeAsync(
        string vendor, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, DateTimeOffset now,
        CancellationToken cancellationToken);

    Task PauseUntilAsync(string vendor, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    Task<BudgetUse> GetUseAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken);

    /// Requests spent per minute, hour and day (UsePeriods.History), for the console's charts.
    Task<UseHistory> GetHistoryAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken);
}
