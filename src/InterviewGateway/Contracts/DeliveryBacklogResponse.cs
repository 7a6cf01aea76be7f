using System.ComponentModel;

namespace InterviewGateway.Contracts;

/// What waits to be delivered to a subscription, read from the delivery queue.
internal sealed record DeliveryBacklogResponse(
    [property: Description("Attempts queued, not yet taken by an instance (retries count once due)")] long Queued,
    [property: Description("Attempts taken by an instance and not finished")] long InFlight,
    [property: Description("Seconds since the oldest queued attempt was due (0 when none waits)")] double LagSeconds);
