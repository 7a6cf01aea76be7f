namespace InterviewGateway.Vendors.Budgets;

/// Outcome of one attempt to spend: taken, or how long until it could be, and whether that wait is a
/// vendor-imposed pause (after a 429) rather than our own budget.
internal readonly record struct BudgetAttempt(TimeSpan Wait, bool Paused)
{
    public bool Taken => Wait <= TimeSpan.Zero;
}
