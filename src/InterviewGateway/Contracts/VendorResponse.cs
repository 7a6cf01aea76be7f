namespace InterviewGateway.Contracts;

internal sealed record VendorResponse(
    string Vendor,
    string Name,
    bool Configured,
    bool Sandbox,
    VendorCapabilitiesResponse Capabilities,
    IReadOnlyList<VendorBudgetResponse> Budgets,
    DateTimeOffset? PausedUntil,
    IReadOnlyList<PollingTierResponse>? Polling,
    string? SandboxWarning = null);
