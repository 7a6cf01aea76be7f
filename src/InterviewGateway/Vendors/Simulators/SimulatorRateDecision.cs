namespace InterviewGateway.Vendors.Simulators;

/// A request's verdict at the rate windows. `RetryAfter` is how long until every full window has room
/// (zero when accepted).
internal sealed record SimulatorRateDecision(
    bool Allowed, DateTimeOffset Now, TimeSpan RetryAfter, IReadOnlyList<SimulatorWindowState> Windows);
