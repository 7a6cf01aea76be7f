using InterviewGateway.Contracts;

namespace InterviewGateway.Delivery;

/// A protected (Data Protection) signing secret; `ExpiresAt` is set on the old one during rotation.
internal sealed record StoredSecret(string Protected, DateTimeOffset? ExpiresAt);

internal sealed record Subscription
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public IReadOnlyList<string>? Vendors { get; init; }
    public PayloadMode Payload { get; init; }
    public string? Description { get; init; }
    public int MaxConcurrency { get; init; } = 10;
    public bool Enabled { get; init; } = true;
    public string? DisabledReason { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required IReadOnlyList<StoredSecret> Secrets { get; init; }

    public bool Wants(string eventType, string? vendor) =>
        EventTypes.Contains(eventType) && (Vendors is null || vendor is null || Vendors.Contains(vendor));

    /// A stored event is this subscription's if it matches and came after the subscription did.
    /// Operational events name no vendor, so vendor filters do not apply to them.
    public bool WantsStored(Events.GatewayEvent stored) =>
        Wants(stored.Type, stored.IsOperational ? null : stored.Vendor) && CreatedAt <= stored.StoredAt;
}
