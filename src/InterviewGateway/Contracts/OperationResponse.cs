using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record OperationResponse(
    [property: Description("Operation id")] string Id,
    [property: Description("What the operation does: subscription.recover")] string Kind,
    [property: Description("running, completed or failed")] OperationState State,
    [property: Description("The subscription it works on")] string SubscriptionId,
    [property: Description("Events recorded at or after this time are scanned")] DateTimeOffset Since,
    [property: Description("Events read from the log so far")] long Scanned,
    [property: Description("Events queued for redelivery so far")] long Enqueued,
    [property: Description("Why it failed; null unless failed")] string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
