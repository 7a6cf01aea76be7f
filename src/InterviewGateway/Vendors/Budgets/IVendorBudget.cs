namespace InterviewGateway.Vendors.Budgets;

internal interface IVendorBudget
{
    /// Spends one request, waiting up to MaxWaitFor(priority); otherwise throws a 503 VendorException
    /// with Retry-After.
    Task AcquireAsync(VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken);

    /// Spends one request if one is free now; otherwise returns how long until one might be.
    Task<BudgetAttempt> TryAcquireAsync(VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken);

    Task PauseAsync(VendorKey vendor, TimeSpan duration, CancellationToken cancellationToken);

    Task<BudgetUse> GetUseAsync(VendorKey vendor, CancellationToken cancellationToken);

    Task<UseHistory> GetHistoryAsync(VendorKey vendor, CancellationToken cancellationToken);
}
