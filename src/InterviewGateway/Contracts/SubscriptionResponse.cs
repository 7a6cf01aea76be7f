using System.ComponentModel;
using System.Text.Json.Serialization;

namespace InterviewGateway.Contracts;

internal sealed record SubscriptionResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string>? Vendors, PayloadMode Payload,
        string? Description,
    int MaxConcurrency, bool Enabled, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
        Description("Only in GET /v1/subscriptions/{id}: deliveries waiting for this subscription")]
    DeliveryBacklogResponse? Backlog = null);
