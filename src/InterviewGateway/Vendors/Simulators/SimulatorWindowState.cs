namespace InterviewGateway.Vendors.Simulators;

/// A window as it stood after a request: how many it holds (this one included when it was accepted)
/// and when its oldest accepted request leaves it.
internal sealed record SimulatorWindowState(SimulatorWindow Window, int Used, DateTimeOffset ResetAt)
{
    public int Remaining => Math.Max(0, Window.Limit - Used);
}
