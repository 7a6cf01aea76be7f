using InterviewGateway.Contracts;

namespace InterviewGateway.Interviews;

/// The body of an interview event as stored and sent to `thin` subscriptions (Delivery/Catalog documents it).
internal sealed record EventBody(
    string Id, string Type, DateTimeOffset Timestamp, string SchemaVersion, long Sequence, EventData Data);

internal sealed record EventData(InterviewResponse Interview, DetectedBy DetectedBy);
