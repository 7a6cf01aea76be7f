using System.Text.Json;

namespace InterviewGateway.Client.Models;

/// <summary>The body of <c>CreateInterviewAsync</c>.</summary>
/// <param name="Vendor">The vendor's id (see <c>ListVendorsAsync</c>).</param>
/// <param name="Participant">Who is interviewed.</param>
/// <param name="Objective">The interview's goal (at most 2000 characters).</param>
/// <param name="Context">Background for the interviewer: a string or a JSON object.</param>
/// <param name="Options">Vendor-specific fields under the vendor's own names.</param>
/// <param name="Metadata">Your own string map, never sent to vendors.</param>
public sealed record CreateInterviewRequest(
    string Vendor,
    ParticipantInput Participant,
    string? Objective = null,
    JsonElement? Context = null,
    JsonElement? Options = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>The body of <c>TrackInterviewAsync</c>: an interview created elsewhere.</summary>
/// <param name="Vendor">The vendor's id.</param>
/// <param name="VendorInterviewId">The vendor's own interview id.</param>
/// <param name="Participant">What you know about the participant.</param>
/// <param name="Metadata">Your own string map, never sent to vendors.</param>
public sealed record TrackInterviewRequest(
    string Vendor,
    string VendorInterviewId,
    ParticipantInput? Participant = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>Who is interviewed.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Email">Email address; some vendors require it.</param>
/// <param name="Phone">Phone number in E.164 form.</param>
/// <param name="ExternalId">Your own id for the participant.</param>
public sealed record ParticipantInput(
    string? Name = null, string? Email = null, string? Phone = null, string? ExternalId = null);

/// <summary>A JSON merge patch (RFC 7396) of an interview: only the members you set are sent.</summary>
/// <param name="Participant">Only <c>name</c> can change.</param>
/// <param name="Objective">The new objective.</param>
/// <param name="Context">New context: a string or a JSON object.</param>
/// <param name="ContextMode">Replace (the server's default) or merge; only together with <c>Context</c>.</param>
/// <param name="Metadata">Keys to set; a null value removes that key.</param>
public sealed record InterviewPatch(
    ParticipantNamePatch? Participant = null,
    string? Objective = null,
    JsonElement? Context = null,
    ContextPatchMode? ContextMode = null,
    IReadOnlyDictionary<string, string?>? Metadata = null);

/// <summary>The participant part of an <see cref="InterviewPatch"/>.</summary>
/// <param name="Name">The new name.</param>
public sealed record ParticipantNamePatch(string Name);

/// <summary>How an <see cref="InterviewPatch"/>'s context applies.</summary>
public enum ContextPatchMode
{
    /// <summary>The context replaces the stored one.</summary>
    Replace,

    /// <summary>The context (a JSON object) is merged into the stored one.</summary>
    Merge,
}

/// <summary>What <c>TrackInterviewAsync</c> returns.</summary>
/// <param name="Interview">The tracked interview.</param>
/// <param name="Created">True when this call started tracking it; false when it was tracked already.</param>
public sealed record TrackedInterview(Interview Interview, bool Created);

/// <summary>Filters of <c>ListInterviewsAsync</c>.</summary>
/// <param name="Vendor">Only this vendor's interviews.</param>
/// <param name="Status">Only interviews in this status.</param>
/// <param name="UpdatedAfter">Only interviews changed after this time.</param>
/// <param name="PageSize">Interviews per request, 1-100 (the server's default when null).</param>
public sealed record InterviewQuery(
    string? Vendor = null, InterviewStatus? Status = null, DateTimeOffset? UpdatedAfter = null, int? PageSize = null);
