namespace InterviewGateway.Vendors.Budgets;

internal sealed record BudgetUse(long Minute, long Hour, long Month, DateTimeOffset? PausedUntil);
