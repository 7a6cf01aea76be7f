using System.Text.Json;
using InterviewGateway.Interviews;

namespace InterviewGateway.Vendors;

internal sealed record CreateInterviewCommand(
    Participant Participant,
    string? Objective,
    JsonElement? Context,
    JsonElement? Options);
