namespace InterviewGateway.Vendors.Budgets;

/// Which budget priority the current async flow spends at: set where background work starts (the
/// poller, the webhook follow-up, reconciliation) and read by the gate handler; callers are the default.
internal static class BudgetScope
{
    private static readonly AsyncLocal<BudgetPriority> Priority = new();
    private static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<bool>?> Paid = new();

    public static BudgetPriority Current => Priority.Value;

    /// The poll dispatcher spends its token before choosing what to poll; the first vendor request
    /// of this flow then uses that token instead of spending another (a retry spends anew).
    public static void MarkPrepaid() => Paid.Value = new(true);

    public static bool TryConsumePrepaid()
    {
        if (Paid.Value is { Value: true } box)
        {
            box.Value = false;
            return true;
        }

        return false;
    }

    public static IDisposable Enter(BudgetPriority priority)
    {
        var previous = Priority.Value;
        Priority.Value = priority;
        return new Restore(previous);
    }

    private sealed class Restore(BudgetPriority previous) : IDisposable
    {
        public void Dispose() => Priority.Value = previous;
    }
}

internal interface IVendorBudget
{
    /// Spends one request, waiting up to MaxWaitFor(priority); otherwise throws a 503 VendorException
    /// with Retry-After.
    Task AcquireAsync(VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken);

    /// Spends one request if one is free now; otherwise returns how long until one might be.
    Task<BudgetAttempt> TryAcquireAsync(VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken);

    Task PauseAsync(VendorKey vendor, TimeSpan duration, CancellationToken cancellationToken);

    Task<BudgetUse> GetUseAsync(VendorKey vendor, CancellationToken cancellationToken);
}

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

    public Task<BudgetAttempt> TryAcquireAsync(VendorKey vendor, BudgetPriority priority, CancellationToken cancellationToken) =>
        store.TryTakeAsync(vendor.Value, Windows(vendor), priority, time.GetUtcNow(), cancellationToken);

    public Task PauseAsync(VendorKey vendor, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var clamped = duration < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : duration > MaxPause ? MaxPause : duration;
        return store.PauseUntilAsync(vendor.Value, now + clamped, now, cancellationToken);
    }

    public Task<BudgetUse> GetUseAsync(VendorKey vendor, CancellationToken cancellationToken) =>
        store.GetUseAsync(vendor.Value, time.GetUtcNow(), cancellationToken);

    public IReadOnlyList<BudgetWindow> Windows(VendorKey vendor) => BudgetWindow.For(catalog.Options(vendor));
}
