using System.Text.Json;
using System.Text.Json.Serialization;

namespace InterviewGateway.Contracts;

internal sealed record InterviewResponse(
    string Id,
    string Vendor,
    string VendorInterviewId,
    InterviewStatus Status,
    InterviewStatus? PreviousStatus,
    string? VendorStatus,
    ParticipantResponse Participant,
    string? Objective,
    JsonElement? Context,
    string? InterviewUrl,
    bool IsTest,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int? DurationSeconds,
    string? Summary,
    bool TranscriptAvailable,
    JsonElement? Analysis,
    TrackingResponse Tracking,
    IReadOnlyDictionary<string, string> Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? VendorData);
