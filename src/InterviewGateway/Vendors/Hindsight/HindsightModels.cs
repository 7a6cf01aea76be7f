using System.Text.Json;

namespace InterviewGateway.Vendors.Hindsight;

// Wire records, snake_case on the wire (HindsightVendor.Json). Private to the adapter in spirit.
internal sealed record HindsightCreateRequest(
    string ContactEmail,
    string? ContactName,
    JsonElement? ContactContext,
    string? SequenceId,
    string? InterviewTypeId,
    string? DealId,
    string? Objective);

internal sealed record HindsightUpdateRequest(JsonElement? ContactContext, string? ContactName, string? Objective);

internal sealed record HindsightUpdateResponse(long InterviewRequestId);

internal sealed record HindsightTranscript(string? DocumentId, string? Content, DateTimeOffset? CreatedAt);

internal sealed record HindsightInterview(
    long InterviewRequestId,
    string? ContactId,
    string? DealId,
    string? SurveyUrl,
    string? Status,
    string? Objective,
    DateTimeOffset? EmailSentAt,
    DateTimeOffset? CreatedAt,
    HindsightTranscript? Transcript);

/// The vendor-specific fields of POST /v1/interviews `options`, under Hindsight's own names.
internal sealed record HindsightCreateOptions(string? SequenceId, string? InterviewTypeId, string? DealId);

internal sealed record HindsightError(HindsightErrorBody? Error);

internal sealed record HindsightErrorBody(string? Code, string? Message);
