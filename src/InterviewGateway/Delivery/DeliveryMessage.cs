namespace InterviewGateway.Delivery;

/// One attempt of one event to one subscription, as it sits in the delivery queue. `Id` is the queue's
/// own entry id (a stream id in Redis); `DueAt` is when the attempt was due, for the lag metric.
internal sealed record DeliveryMessage(string Id, string SubscriptionId, string EventId, int Attempt,
    DateTimeOffset DueAt);
