using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using InterviewGateway.Interviews;
using InterviewGateway.Api;

namespace InterviewGateway.Contracts;

internal sealed record ParticipantInput(
    [property: MaxLength(200), Description("Full name")] string? Name,
    [property: EmailAddress, MaxLength(320), Description("Email address; required by Hindsight")] string? Email,
    [property: MaxLength(40), Description("Phone number in E.164 form")] string? Phone,
    [property: MaxLength(200), Description("Your own id for the participant (userjourneys `reference_id`)")] string? ExternalId);

internal sealed record CreateInterviewRequest(
    [property: Required, Description("hindsight, userjourneys or instaview")] string? Vendor,
    [property: Required, Description("Who is interviewed")] ParticipantInput? Participant,
    [property: MaxLength(2000), Description("The interview's goal")] string? Objective,
    [property: JsonContext, Description("Background for the interviewer: a string or a JSON object (Hindsight contact_context)")] JsonElement? Context,
    [property: Description("Vendor-specific fields under the vendor's own names (Hindsight: sequence_id, interview_type_id, deal_id)")] JsonElement? Options,
    [property: Metadata, Description("Your own string map, never sent to vendors (at most 50 keys; keys ≤ 40 chars, values ≤ 500)")] Dictionary<string, string>? Metadata);

internal sealed record TrackInterviewRequest(
    [property: Required, Description("hindsight, userjourneys or instaview")] string? Vendor,
    [property: Required, MinLength(1), MaxLength(100), Description("The vendor's own interview id")] string? VendorInterviewId,
    [property: Description("What you know about the participant; vendors may not return it")] ParticipantInput? Participant,
    [property: Metadata, Description("Your own string map, never sent to vendors")] Dictionary<string, string>? Metadata);

internal sealed record ParticipantResponse(string? Name, string? Email, string? Phone, string? ExternalId, string? VendorParticipantId);

internal sealed record TrackingResponse(TrackingMode Mode, TrackingState State, DateTimeOffset? LastCheckedAt, DateTimeOffset? NextCheckAt);

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
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    JsonElement? VendorData);

internal sealed record TranscriptTurnResponse(Speaker Speaker, string? Name, string Text, string? TranslatedText, double? OffsetSeconds);

internal sealed record TranscriptResponse(string InterviewId, string? Language, IReadOnlyList<TranscriptTurnResponse> Turns);

internal sealed record ListResponse<T>(IReadOnlyList<T> Data, string? NextCursor);

internal static class InterviewMapping
{
    public static InterviewResponse ToResponse(this Interview i, bool includeVendorData = false) => new(
        i.Id, i.Vendor, i.VendorInterviewId, i.Status, i.PreviousStatus, i.VendorStatus,
        new ParticipantResponse(i.Participant.Name, i.Participant.Email, i.Participant.Phone, i.Participant.ExternalId, i.Participant.VendorParticipantId),
        i.Objective, i.Context, i.InterviewUrl, i.IsTest, i.CreatedAt, i.UpdatedAt, i.StartedAt, i.CompletedAt, i.DurationSeconds,
        i.Summary, i.Transcript is { Turns.Count: > 0 } || i.Transcript?.RawMarkdown is not null, i.Analysis,
        new TrackingResponse(i.Tracking.Mode, i.Tracking.State, i.Tracking.LastCheckedAt, i.Tracking.NextCheckAt),
        i.Metadata, includeVendorData ? i.VendorData : null);

    public static TranscriptResponse ToResponse(this Transcript t, string interviewId) => new(
        interviewId, t.Language, [.. t.Turns.Select(x => new TranscriptTurnResponse(x.Speaker, x.Name, x.Text, x.TranslatedText, x.OffsetSeconds))]);

    public static Participant ToParticipant(this ParticipantInput? p) =>
        p is null ? new Participant() : new Participant(p.Name, p.Email, p.Phone, p.ExternalId);
}

/// Metadata is small and flat, like Stripe's: it rides along on every event body.
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MetadataAttribute : SentenceValidationAttribute
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    public override bool IsValid(object? value) => value is not IReadOnlyDictionary<string, string> map
        || (map.Count <= MaxKeys && map.All(kv => kv.Key.Length is > 0 and <= MaxKeyLength && kv.Value is { Length: <= MaxValueLength }));

    public override string FormatErrorMessage(string name) =>
        $"metadata takes at most {MaxKeys} keys of 1-{MaxKeyLength} characters with string values of at most {MaxValueLength} characters.";
}

/// The interview context is free-form but must be a string or an object.
[AttributeUsage(AttributeTargets.Property)]
internal sealed class JsonContextAttribute : SentenceValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not JsonElement element || element.ValueKind is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined;

    public override string FormatErrorMessage(string name) => "context must be a string or a JSON object.";
}
