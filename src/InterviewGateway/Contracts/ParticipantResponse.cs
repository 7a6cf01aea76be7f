namespace InterviewGateway.Contracts;

internal sealed record ParticipantResponse(string? Name, string? Email, string? Phone, string? ExternalId,
    string? VendorParticipantId);
