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
