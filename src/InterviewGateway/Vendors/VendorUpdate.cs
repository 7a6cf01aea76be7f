using System.Text.Json;

namespace InterviewGateway.Vendors;

internal sealed record VendorUpdate(string? ParticipantName, string? Objective, JsonElement? Context);
