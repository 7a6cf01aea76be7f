using InterviewGateway.Contracts;

namespace InterviewGateway.Delivery;

/// The body of an operational event about a subscription (Catalog/EventPayloads documents it).
internal sealed record SubscriptionEventBody(
    string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, SubscriptionEventData Data);

internal sealed record SubscriptionEventData(SubscriptionResponse Subscription);
