using System.Text.Json;

namespace InterviewGateway.Client.Models;

/// <summary>A tracked interview, as the gateway stores it.</summary>
/// <param name="Id">Gateway interview id, <c>{vendor}_{vendor_interview_id}</c>.</param>
/// <param name="Vendor">The vendor's id.</param>
/// <param name="VendorInterviewId">The vendor's own interview id.</param>
/// <param name="Status">The current status.</param>
/// <param name="PreviousStatus">The status before the last change.</param>
/// <param name="VendorStatus">The vendor's own status text.</param>
/// <param name="Participant">Who is interviewed.</param>
/// <param name="Objective">The interview's goal.</param>
/// <param name="Context">Background for the interviewer: a string or a JSON object.</param>
/// <param name="InterviewUrl">Where the participant takes the interview.</param>
/// <param name="IsTest">True for sandbox and vendor test interviews.</param>
/// <param name="CreatedAt">When the gateway started tracking it.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="StartedAt">When the participant started.</param>
/// <param name="CompletedAt">When it completed.</param>
/// <param name="DurationSeconds">How long it took.</param>
/// <param name="Summary">The vendor's summary.</param>
/// <param name="TranscriptAvailable">Whether <c>GetTranscriptAsync</c> has a transcript.</param>
/// <param name="Analysis">The vendor's analysis, passed through as is.</param>
/// <param name="Tracking">How the gateway follows it.</param>
/// <param name="Metadata">Your own string map.</param>
/// <param name="VendorData">The raw last vendor payload; only with <c>includeVendorData</c>.</param>
public sealed record Interview(
    string Id,
    string Vendor,
    string VendorInterviewId,
    InterviewStatus Status,
    InterviewStatus? PreviousStatus,
    string? VendorStatus,
    Participant Participant,
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
    Tracking Tracking,
    IReadOnlyDictionary<string, string> Metadata,
    JsonElement? VendorData = null);

/// <summary>The participant as the gateway knows them.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Email">Email address.</param>
/// <param name="Phone">Phone number in E.164 form.</param>
/// <param name="ExternalId">Your own id for the participant.</param>
/// <param name="VendorParticipantId">The vendor's id for the participant.</param>
public sealed record Participant(string? Name, string? Email, string? Phone, string? ExternalId,
    string? VendorParticipantId);

/// <summary>How the gateway follows an interview.</summary>
/// <param name="Mode">Polled or told by vendor webhooks.</param>
/// <param name="State">Active until the interview is final or untracked.</param>
/// <param name="LastCheckedAt">When the gateway last read the vendor.</param>
/// <param name="NextCheckAt">When it reads the vendor next (polled interviews).</param>
public sealed record Tracking(TrackingMode Mode, TrackingState State, DateTimeOffset? LastCheckedAt,
    DateTimeOffset? NextCheckAt);

/// <summary>How an interview's changes reach the gateway.</summary>
public enum TrackingMode
{
    /// <summary>The gateway polls the vendor.</summary>
    Poll,

    /// <summary>The vendor sends webhooks.</summary>
    Webhook,
}

/// <summary>Whether the gateway still follows an interview.</summary>
public enum TrackingState
{
    /// <summary>Followed.</summary>
    Active,

    /// <summary>No longer followed.</summary>
    Stopped,
}
