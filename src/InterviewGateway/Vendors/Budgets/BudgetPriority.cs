namespace InterviewGateway.Vendors.Budgets;

/// Who spends a vendor request, highest first. Each lower priority leaves more of a window's burst
/// untouched (see `BudgetWindow.Tolerance`), so a higher one finds a token sooner, and a higher one
/// that has to wait marks itself waiting, so lower ones do not take the token it is waiting for.
internal enum BudgetPriority
{
    /// A caller is waiting (create, patch, track, ?refresh=true): may use the whole burst.
    Interactive = 0,

    /// The follow-up read of a verified vendor webhook: may use half of the burst.
    Webhook = 1,

    /// Reconciliation of lost webhooks: spends only the sustained rate, never the burst.
    Reconcile = 2,

    /// Polling: the same, and yields to a waiting reconciliation.
    Poll = 3,
}
