namespace InterviewGateway.Vendors;

/// What a vendor's API can do. `Update` lists the PATCH fields the vendor accepts (metadata is the
/// gateway's own and always works).
internal sealed record VendorCapabilities(
    bool Create,
    IReadOnlySet<string> UpdatableFields,
    bool List,
    bool Webhooks,
    bool Polling,
    string? CreateUnsupportedHint = null);
