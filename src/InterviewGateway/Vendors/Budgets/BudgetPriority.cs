namespace InterviewGateway.Vendors.Budgets;

/// Who spends a vendor request, highest first. Each lower priority leaves more of a window's burst
/// untouched (see `BudgetWindow.Tolerance`), so a higher one finds a token sooner, and a higher one
/// that has to wait marks itself waiting, so lower ones do not take the token it is waiting for.
internal enum BudgetPriority
{
    /// A caller is waiting (create, patch, track, ?refresh=true): may use the whole burst.
    Interactive = 0,

    /// The follow-up read of a verified vendor webhook: leaves one token of the burst (half of a burst of 2).
    Webhook = 1,

    /// Reconciliation of lost webhooks: leaves two tokens of the burst (all of a burst of 2).
    Reconcile = 2,

    /// Polling: the same, and yields to a waiting reconciliation.
    Poll = 3,
}
