namespace InterviewGateway.Contracts;

internal sealed record VendorCapabilitiesResponse(bool Create, IReadOnlyList<string> Update, bool List, bool Webhooks,
    bool Polling);
