namespace InterviewGateway.Vendors.Budgets;

/// Budget state shared by every instance (Redis) or the one process (in memory).
internal interface IBudgetStore
{
    Task<BudgetAttempt> TryTakeAsync(
        string vendor, IReadOnlyList<BudgetWindow> windows, BudgetPriority priority, DateTimeOffset now,
        CancellationToken cancellationToken);

    Task PauseUntilAsync(string vendor, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    Task<BudgetUse> GetUseAsync(string vendor, DateTimeOffset now, CancellationToken cancellationToken);
}
