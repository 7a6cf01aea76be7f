using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Contracts;

internal sealed record UpdateSubscriptionRequest(
    [property: MaxLength(2000), Description("New URL")] string? Url,
    [property: Description("New event type filter")] List<string>? EventTypes,
    [property: Description("New vendor filter")] List<string>? Vendors,
    [property: Description("thin or full")] PayloadMode? Payload,
    [property: MaxLength(500), Description("Free text for operators")] string? Description,
    [property: Range(1, 100), Description("Most requests in flight")] int? MaxConcurrency,
    [property: Description("false disables; true re-enables")] bool? Enabled);
