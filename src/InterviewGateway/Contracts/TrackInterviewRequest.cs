using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Contracts;

internal sealed record TrackInterviewRequest(
    [property: Required, Description(VendorPlaceholders.Ids)] string? Vendor,
    [property: Required, MinLength(1), MaxLength(100),
        Description("The vendor's own interview id")] string? VendorInterviewId,
    [property: Description("What you know about the participant; vendors may not return it")]
    ParticipantInput? Participant,
    [property: Metadata, Description("Your own string map, never sent to vendors")]
    Dictionary<string, string>? Metadata);
