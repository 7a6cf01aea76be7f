namespace InterviewGateway.Vendors;

internal sealed record Participant(
    string? Name = null,
    string? Email = null,
    string? Phone = null,
    string? ExternalId = null,
    string? VendorParticipantId = null)
{
    /// Fill what this snapshot lacks from `known`: vendors often omit what the caller told us.
    public Participant Over(Participant? known) => known is null ? this : new Participant(
        Name ?? known.Name, Email ?? known.Email, Phone ?? known.Phone, ExternalId ?? known.ExternalId,
        VendorParticipantId ?? known.VendorParticipantId);
}
