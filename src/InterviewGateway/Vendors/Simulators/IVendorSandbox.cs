namespace InterviewGateway.Vendors.Simulators;

/// A vendor's sandbox simulator, optional: a module registers one with VendorServiceBuilder.AddSandbox
/// only where a simulator exists. Without one, the vendor needs its API key even when `Sandbox:Enabled`.
internal interface IVendorSandbox
{
    VendorKey Key { get; }

    /// Where the simulator serves the vendor's API below `/sandbox/{key}/` (e.g. `api/v1`).
    string ApiPath { get; }

    void AddServices(IServiceCollection services);

    /// Maps the simulator's routes; the group is already at `/sandbox/{key}`.
    void Map(RouteGroupBuilder sandbox);
}
