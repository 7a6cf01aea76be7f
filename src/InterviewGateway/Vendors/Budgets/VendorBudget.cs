namespace InterviewGateway.Vendors.Budgets;

internal sealed class VendorBudget(IBudgetStore store, VendorCatalog catalog, TimeProvider time) : IVendorBudget
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    /// Background jobs wait a little longer than callers: a refusal sends them into Hangfire's backoff.
    public static readonly TimeSpan MaxBackgroundWait = TimeSpan.FromSeconds(5);

    public static TimeSpan MaxWaitFor(BudgetPriority priority) =>
        priority == BudgetPriority.Interactive ? MaxWait : MaxBackgroundWait;

    /// A vendor's Retry-After is honoured, but never trusted to park us for more than an hour.
    public static readonly TimeSpan MaxPause = TimeSpan.FromHours(1);

    public async Task AcquireAsync(VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + MaxWaitFor(priority);
        while (true)
        {
            var attempt = await TryAcquireAsync(vendor, priority, cancellationToken);
            if (attempt.Taken)
            {
                return;
            }

            if (time.GetUtcNow() + attempt.Wait > deadline)
            {
                throw attempt.Paused
                    ? VendorException.RateLimited(vendor, attempt.Wait)
                    : VendorException.BudgetExhausted(vendor, attempt.Wait);
            }

            await Task.Delay(attempt.Wait, time, cancellationToken);
        }
    }

    public Task<BudgetAttempt> TryAcquireAsync(
        VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken) =>
        store.TryTakeAsync(vendor.Value, Windows(vendor), priority, time.GetUtcNow(), cancellationToken);

    public Task PauseAsync(VendorKey vendor, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var clamped = duration < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
            : duration > MaxPause ? MaxPause
            : duration;
        return store.PauseUntilAsync(vendor.Value, now + clamped, now, cancellationToken);
    }

    public Task<BudgetUse> GetUseAsync(VendorKey vendor, CancellationToken cancellationToken) =>
        store.GetUseAsync(vendor.Value, time.GetUtcNow(), cancellationToken);

    public Task<UseHistory> GetHistoryAsync(VendorKey vendor, CancellationToken cancellationToken) =>
        store.GetHistoryAsync(vendor.Value, time.GetUtcNow(), cancellationToken);

    public IReadOnlyList<BudgetWindow> Windows(VendorKey vendor) => BudgetWindow.For(catalog.Options(vendor));
}
