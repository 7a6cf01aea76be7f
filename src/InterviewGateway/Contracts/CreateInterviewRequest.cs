using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace InterviewGateway.Contracts;

internal sealed record CreateInterviewRequest(
    [property: Required, Description(VendorPlaceholders.Ids)] string? Vendor,
    [property: Required, Description("Who is interviewed")] ParticipantInput? Participant,
    [property: MaxLength(2000), Description("The interview's goal")] string? Objective,
    [property: JsonContext,
        Description("Background for the interviewer: a string or a JSON object")] JsonElement? Context,
    [property: Description("Vendor-specific fields under the vendor's own names")] JsonElement? Options,
    [property: Metadata,
        Description("Your own string map, never sent to vendors (at most 50 keys; keys ≤ 40 chars, values ≤ 500)")]
    Dictionary<string, string>? Metadata);
