using InterviewGateway.Contracts;
using InterviewGateway.Vendors;

namespace InterviewGateway.Interviews;

internal static class InterviewMapping
{
    public static InterviewResponse ToResponse(this Interview i, bool includeVendorData = false) => new(
        i.Id, i.Vendor, i.VendorInterviewId, i.Status, i.PreviousStatus, i.VendorStatus,
        new ParticipantResponse(i.Participant.Name, i.Participant.Email, i.Participant.Phone, i.Participant.ExternalId,
            i.Participant.VendorParticipantId),
        i.Objective, i.Context, i.InterviewUrl, i.IsTest, i.CreatedAt, i.UpdatedAt, i.StartedAt, i.CompletedAt,
        i.DurationSeconds,
        i.Summary, i.Transcript is { Turns.Count: > 0 } || i.Transcript?.RawMarkdown is not null, i.Analysis,
        new TrackingResponse(i.Tracking.Mode, i.Tracking.State, i.Tracking.LastCheckedAt, i.Tracking.NextCheckAt),
        i.Metadata, includeVendorData ? i.VendorData : null);

    public static TranscriptResponse ToResponse(this Transcript t, string interviewId) => new(
        interviewId, t.Language, [.. t.Turns.Select(x => new TranscriptTurnResponse(x.Speaker, x.Name, x.Text,
            x.TranslatedText, x.OffsetSeconds))]);

    public static Participant ToParticipant(this ParticipantInput? p) =>
        p is null ? new Participant() : new Participant(p.Name, p.Email, p.Phone, p.ExternalId);
}
