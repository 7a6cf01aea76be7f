namespace InterviewGateway.Vendors;

/// One vendor, self-contained: its key, what it can do, its services and its sandbox simulator.
/// Added with one line in VendorRegistrations.
internal interface IVendorModule
{
    VendorKey Key { get; }

    VendorCapabilities Capabilities { get; }

    /// Where the simulator serves the vendor's API below `/sandbox/{key}/` (e.g. `api/v1`).
    string SandboxApiPath { get; }

    /// Defaults for the shared connection options (base URL, budgets); configuration overrides them.
    void ConfigureDefaults(VendorOptions options);

    void AddServices(VendorServiceBuilder builder);

    /// Maps the simulator's routes; the group is already at `/sandbox/{key}`.
    void MapSimulator(RouteGroupBuilder sandbox);
}
