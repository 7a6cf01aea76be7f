namespace InterviewGateway.Vendors.Simulators;

/// One limit a vendor documents: at most `Limit` accepted requests in any span of `Length`.
internal sealed record SimulatorWindow(string Name, int Limit, TimeSpan Length);
