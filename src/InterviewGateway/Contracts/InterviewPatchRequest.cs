using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace InterviewGateway.Contracts;

/// The body of PATCH /v1/interviews/{id}, a JSON merge patch (RFC 7396), for the OpenAPI document only:
/// InterviewPatchReader reads the raw body, because in a merge patch a member's presence is the meaning.
internal sealed record InterviewPatchRequest(
    [property: Description("Only name can be changed")] ParticipantPatchInput? Participant,
    [property: MaxLength(2000), Description("The interview's goal (it cannot be cleared)")] string? Objective,
    [property: JsonContext, Description("A string or a JSON object: replaces the context, or with "
        + "context_mode merge is merged into it")] JsonElement? Context,
    [property: Description("replace (default) or merge; only together with context")] ContextPatchMode? ContextMode,
    [property: Description("Keys to set; a null value removes that key (at most 50 keys; keys ≤ 40 chars, "
        + "values ≤ 500)")] Dictionary<string, string?>? Metadata);

internal sealed record ParticipantPatchInput(
    [property: MaxLength(200), Description("Full name (it cannot be cleared)")] string? Name);

internal enum ContextPatchMode
{
    Replace,
    Merge,
}
