using System.Text.Json;

namespace InterviewGateway.Vendors;

internal sealed record CreateInterviewCommand(
    Participant Participant,
    string? Objective,
    JsonElement? Context,
    JsonElement? Options);
