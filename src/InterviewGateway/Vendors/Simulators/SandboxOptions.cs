namespace InterviewGateway.Vendors.Simulators;

internal sealed class SandboxOptions
{
    public bool Enabled { get; set; }
}
