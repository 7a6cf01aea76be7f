namespace InterviewGateway.Vendors.Webhooks;

/// Lists recently completed interviews at the vendor, for reconciliation of lost webhooks.
internal interface IVendorReconciler
{
    /// Vendor interview ids the vendor reports as finished (completed, failed or cancelled) recently.
    Task<IReadOnlyList<string>> ListFinishedAsync(CancellationToken cancellationToken);
}
