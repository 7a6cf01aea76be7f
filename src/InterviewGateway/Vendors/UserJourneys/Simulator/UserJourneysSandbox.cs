using InterviewGateway.Vendors.Simulators;

namespace InterviewGateway.Vendors.UserJourneys.Simulator;

/// UserJourneys's simulator under `/sandbox/userjourneys/api/v1/`, configured from `Sandbox:UserJourneys`.
internal sealed class UserJourneysSandbox : VendorSandbox<UserJourneysSimulator, UserJourneysSimulatorOptions>
{
    public override VendorKey Key => UserJourneysVendor.VendorKey;

    public override string ApiPath => "api/v1";

    public override void Map(RouteGroupBuilder sandbox) => UserJourneysSimulator.Map(sandbox);
}
