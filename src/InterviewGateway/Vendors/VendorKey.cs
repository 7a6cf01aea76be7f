namespace InterviewGateway.Vendors;

/// A vendor's identity: `Value` appears in URLs, ids and JSON (lowercase), `ConfigSection` under
/// `Vendors:` (PascalCase), `DisplayName` in problem details.
internal sealed record VendorKey(string Value, string ConfigSection, string DisplayName)
{
    public override string ToString() => Value;
}
