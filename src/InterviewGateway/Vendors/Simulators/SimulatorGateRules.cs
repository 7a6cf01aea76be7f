namespace InterviewGateway.Vendors.Simulators;

/// How one vendor's simulator answers at its gate: whose sandbox key it takes, its own error bodies, and
/// the rate windows it documents with their headers and 429. No windows: the vendor documents no limit.
internal sealed record SimulatorGateRules(VendorKey Vendor, Func<IResult> Unauthorized, Func<IResult> Unavailable)
{
    /// The windows, read on every request.
    public Func<IReadOnlyList<SimulatorWindow>> Windows { get; init; } = () => [];

    /// Writes the vendor's rate headers for a decision; returns the vendor's 429 when it refused.
    public Func<HttpResponse, SimulatorRateDecision, IResult?> ApplyRateDecision { get; init; } = (_, _) => null;
}
