
namespace InterviewGateway.Vendors;

/// The vendor-neutral face of one vendor's API. Implementations are registered as keyed services under
/// the vendor key; shared code never names a vendor.
internal interface IVendorAdapter
{
    VendorKey Key { get; }

    /// Create at the vendor. Throws ProblemException (400) for vendor-specific option errors,
    /// before any request is sent.
    Task<VendorInterview> CreateAsync(CreateInterviewCommand command, CancellationToken cancellationToken);

    Task<VendorInterview> GetAsync(string vendorInterviewId, CancellationToken cancellationToken);

    /// Apply changed fields at the vendor; only called with fields listed in `UpdatableFields`.
    Task UpdateAsync(string vendorInterviewId, VendorUpdate update, CancellationToken cancellationToken);

    /// Checks a vendor interview id's shape before anything is sent (e.g. integer-only ids).
    bool IsValidInterviewId(string vendorInterviewId);
}
