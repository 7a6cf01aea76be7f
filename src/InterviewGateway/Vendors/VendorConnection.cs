namespace InterviewGateway.Vendors;

/// How the gateway reaches a vendor right now: its real API, its sandbox simulator, or not at all.
internal sealed record VendorConnection(bool Configured, bool Sandbox, Uri BaseAddress, string? ApiKey)
{
    // Records print every property; the key must never reach a log line.
    public override string ToString() =>
        $"VendorConnection {{ Configured = {Configured}, Sandbox = {Sandbox}, BaseAddress = {BaseAddress} }}";
}
