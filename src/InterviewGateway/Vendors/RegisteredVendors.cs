namespace InterviewGateway.Vendors;

/// The vendors AddVendors registered, which it returns: a registration that needs the vendor list
/// (AddPolling) takes it, so it cannot be called before AddVendors: the compiler enforces that order.
internal sealed record RegisteredVendors(IReadOnlyList<VendorDescriptor> All);
