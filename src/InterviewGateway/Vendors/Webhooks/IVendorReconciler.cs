namespace InterviewGateway.Vendors.Webhooks;

/// Lists recently finished interviews at the vendor, for reconciliation of lost webhooks.
internal interface IVendorReconciler
{
    /// Vendor interview ids the vendor reports as finished (completed, failed or cancelled) recently and
    /// `known` does not know as finished yet. A reconciler may stop listing where everything is known.
    Task<IReadOnlyList<string>> ListUnknownFinishedAsync(KnownFinished known, CancellationToken cancellationToken);
}

/// Whether the gateway already knows the vendor's interview as finished (tracked, in a final status).
internal delegate Task<bool> KnownFinished(string vendorInterviewId, CancellationToken cancellationToken);
