using System.Text.Json;

namespace InterviewGateway.Vendors.UserJourneys;

// Wire records, snake_case on the wire (UserJourneysVendor.Json). Everything is nullable: the doc marks
// few fields as always present and the status set may be open.
internal sealed record UserJourneysInterview(
    string? Id,
    string? StudyId,
    string? Status,
    string? ReferenceId,
    string? RespondentEmail,
    string? Language,
    string? QualityScore,
    double? DurationSecs,
    string? Headline,
    string? Summary,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<UserJourneysTurn>? Transcript,
    JsonElement? QuestionAnswers);

/// `translated` is the English text, present only for non-English interviews.
internal sealed record UserJourneysTurn(string? Role, string? Message, string? Translated, double? TimeInCallSecs);

internal sealed record UserJourneysList(string? Object, IReadOnlyList<UserJourneysInterview>? Data, bool HasMore);

internal sealed record UserJourneysWebhookRequest(string Url, IReadOnlyList<string> Events);

/// `signing_secret` is shown only when the webhook is created (201), not on an update (200).
internal sealed record UserJourneysWebhook(string? Url, IReadOnlyList<string>? Events, string? SigningSecret);
