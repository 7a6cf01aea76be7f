using System.Text.Json;
using InterviewGateway.Contracts;
using InterviewGateway.Infrastructure.Errors;

namespace InterviewGateway.Vendors.UserJourneys;

internal sealed class UserJourneysAdapter(IUserJourneysApi api, UnknownStatusLog unknownStatuses, TimeProvider time)
    : IVendorAdapter
{
    public VendorKey Key => UserJourneysVendor.VendorKey;

    public bool IsValidInterviewId(string vendorInterviewId) => Guid.TryParse(vendorInterviewId, out _);

    // The gateway checks Capabilities.Create before calling an adapter; this only guards a direct call.
    public Task<VendorInterview> CreateAsync(CreateInterviewCommand command, CancellationToken cancellationToken) =>
        throw ProblemException.Unsupported($"{Key.DisplayName} has no API to create interviews.");

    public async Task<VendorInterview> GetAsync(string vendorInterviewId, CancellationToken cancellationToken)
    {
        var raw = await VendorErrors.CallAsync(
            Key, vendorInterviewId, () => api.GetInterviewAsync(vendorInterviewId, cancellationToken), time);
        return Map(raw, vendorInterviewId);
    }

    public Task UpdateAsync(string vendorInterviewId, VendorUpdate update, CancellationToken cancellationToken) =>
        throw ProblemException.Unsupported($"{Key.DisplayName} interviews cannot be changed through its API.");

    internal VendorInterview Map(JsonElement raw, string vendorInterviewId)
    {
        var wire = VendorErrors.Read<UserJourneysInterview>(Key, raw, UserJourneysVendor.Json);
        if (wire is null)
        {
            throw VendorException.BadGateway(Key, "the reply was empty.");
        }

        var status = wire.Status switch
        {
            "started" => InterviewStatus.InProgress,
            "processing" => InterviewStatus.Processing,
            "completed" => InterviewStatus.Completed,
            _ => unknownStatuses.Unknown(Key, wire.Status),
        };
        return new VendorInterview
        {
            VendorInterviewId = wire.Id ?? vendorInterviewId,
            VendorStatus = wire.Status ?? "",
            Status = status,
            Participant = new Participant(Email: wire.RespondentEmail, ExternalId: wire.ReferenceId),
            CreatedAt = wire.CreatedAt,
            StartedAt = wire.StartedAt,
            CompletedAt = wire.CompletedAt,
            DurationSeconds = wire.DurationSecs is { } secs ? (int)Math.Round(secs) : null,
            Summary = wire.Summary,
            Transcript = MapTranscript(wire),
            Analysis = MapAnalysis(wire),
            Raw = raw.Clone(),
        };
    }

    private static Transcript? MapTranscript(UserJourneysInterview wire)
    {
        if (wire.Transcript is not { Count: > 0 } items)
        {
            return null;
        }

        var turns = items
            .Where(t => !string.IsNullOrEmpty(t.Message))
            .Select(t => new TranscriptTurn(
                string.Equals(t.Role, "agent", StringComparison.OrdinalIgnoreCase) ? Speaker.Interviewer
                    : Speaker.Participant,
                null, t.Message!, t.Translated, t.TimeInCallSecs))
            .ToList();
        return new Transcript(wire.Language, turns, null);
    }

    /// `question_answers` is the structured analysis; the quality score and one-line headline travel with it.
    private static JsonElement? MapAnalysis(UserJourneysInterview wire)
    {
        var answers = wire.QuestionAnswers is { ValueKind: JsonValueKind.Array } qa && qa.GetArrayLength() > 0 ? qa
            : (JsonElement?)null;
        if (answers is null && wire.QualityScore is null && wire.Headline is null)
        {
            return null;
        }

        return JsonSerializer.SerializeToElement(
            new AnalysisPassThrough(answers, wire.QualityScore, wire.Headline), UserJourneysVendor.Json);
    }

    private sealed record AnalysisPassThrough(JsonElement? QuestionAnswers, string? QualityScore, string? Headline);
}
