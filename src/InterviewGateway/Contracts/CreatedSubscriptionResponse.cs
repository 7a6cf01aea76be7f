namespace InterviewGateway.Contracts;

/// Only the create response carries the secret; lists and reads never do.
internal sealed record CreatedSubscriptionResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string>? Vendors, PayloadMode Payload,
        string? Description,
    int MaxConcurrency, bool Enabled, DateTimeOffset CreatedAt, string Secret);
