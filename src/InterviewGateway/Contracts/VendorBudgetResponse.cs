namespace InterviewGateway.Contracts;

/// One budget window; `Projected` (month window only): the use expected by the end of the calendar month
/// at the larger of the polling plan's rate and this month's rate so far, never above what the window sustains.
internal sealed record VendorBudgetResponse(
    string Window, int Limit, long Used, double SustainedPerMinute, long? Projected = null);
