namespace InterviewGateway.Vendors.Budgets;

/// Whose clock the Redis budget script reads: Redis's own (every instance, always), or the `now` the
/// caller passes, for a contract test or simulation that drives the budget through simulated time.
internal enum BudgetClock
{
    Redis,
    Caller,
}
