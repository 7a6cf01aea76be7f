using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Vendors.InstaView.Simulator;

/// InstaView's simulator under `/sandbox/instaview/v1/`, configured from `Sandbox:InstaView`.
internal sealed class InstaViewSandbox : VendorSandbox<InstaViewSimulator, InstaViewSimulatorOptions>
{
    public override VendorKey Key => InstaViewVendor.VendorKey;

    public override string ApiPath => "v1";

    public override void Map(RouteGroupBuilder sandbox) => InstaViewSimulator.Map(sandbox);
}
