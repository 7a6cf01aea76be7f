namespace InterviewGateway.Vendors;

internal sealed class SandboxOptions
{
    public bool Enabled { get; set; }
}
