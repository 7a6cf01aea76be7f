using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Contracts;

internal sealed record CreateSubscriptionRequest(
    [property: Required, MaxLength(2000), Description("https URL that receives the webhooks")] string? Url,
    [property: Description("Event types to receive (default [\"interview.completed\"])")] List<string>? EventTypes,
    [property: Description("Only events of these vendors (default: all)")] List<string>? Vendors,
    [property: Description("thin (default): the interview; full: also the transcript")] PayloadMode? Payload,
    [property: MaxLength(500), Description("Free text for operators")] string? Description,
    [property: Range(1, 100), Description("Most requests in flight to this URL (default 10)")] int? MaxConcurrency);
