namespace InterviewGateway.Vendors;

internal sealed record VendorDescriptor(VendorKey Key, VendorCapabilities Capabilities);
