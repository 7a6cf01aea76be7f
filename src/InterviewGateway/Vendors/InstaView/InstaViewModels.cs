using System.Text.Json;

namespace InterviewGateway.Vendors.InstaView;

// Wire records, camelCase on the wire (InstaViewVendor.Json).
internal sealed record InstaViewCandidate(string? FirstName, string? LastName, string? Email, string? PhoneNumber);

internal sealed record InstaViewCreateRequest(
    string? CandidateId,
    InstaViewCandidate? Candidate,
    string AgentId,
    string? JobId,
    bool? IsTest,
    DateTimeOffset? ScheduledAt);

internal sealed record InstaViewHeader(string Name, string Value);

internal sealed record InstaViewWebhookRequest(
    string Url, IReadOnlyList<string> Events, IReadOnlyList<InstaViewHeader> Headers, string? CompanyId);

internal sealed record InstaViewInterview(
    string? Id,
    string? CandidateId,
    string? AgentId,
    string? JobId,
    string? Status,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    double? DurationMinutes,
    DateTimeOffset? FinishedDate,
    bool? IsTest,
    JsonElement? CallAttempts,
    JsonElement? Analysis,
    JsonElement? Transcript);

/// The vendor-specific fields of POST /v1/interviews `options`, under InstaView's own (camelCase) names,
/// as the contract asks: `candidateId`, `agentId`, `jobId`, `isTest`, `scheduledAt`.
internal sealed record InstaViewCreateOptions(
    string? CandidateId, string? AgentId, string? JobId, bool? IsTest, DateTimeOffset? ScheduledAt);

internal sealed record InstaViewPage(IReadOnlyList<JsonElement> Items, bool HasMore);
