using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Contracts;

internal sealed record ParticipantInput(
    [property: MaxLength(200), Description("Full name")] string? Name,
    [property: EmailAddress, MaxLength(320), Description("Email address; some vendors require it")] string? Email,
    [property: MaxLength(40), Description("Phone number in E.164 form")] string? Phone,
    [property: MaxLength(200),
        Description("Your own id for the participant, passed to vendors that take one")] string? ExternalId);
