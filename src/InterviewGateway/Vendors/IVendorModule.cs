namespace InterviewGateway.Vendors;

/// One vendor, self-contained: its key, what it can do and its services (among them, optionally, its
/// sandbox simulator: VendorServiceBuilder.AddSandbox). Added with one line in VendorRegistrations.
internal interface IVendorModule
{
    VendorKey Key { get; }

    VendorCapabilities Capabilities { get; }

    /// Defaults for the shared connection options (base URL, budgets); configuration overrides them.
    void ConfigureDefaults(VendorOptions options);

    void AddServices(VendorServiceBuilder builder);
}
