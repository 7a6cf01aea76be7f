using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Vendors.Hindsight.Simulator;

/// Hindsight's simulator under `/sandbox/hindsight/api/v1/`, configured from `Sandbox:Hindsight`.
internal sealed class HindsightSandbox : VendorSandbox<HindsightSimulator, HindsightSimulatorOptions>
{
    public override VendorKey Key => HindsightVendor.VendorKey;

    public override string ApiPath => "api/v1";

    public override void Map(RouteGroupBuilder sandbox) => HindsightSimulator.Map(sandbox);
}
