using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record SubscriptionSecretResponse(
    [property: Description("A secret that signs deliveries now")] string Secret,
    [property: Description("When it stops signing; null for the current secret")] DateTimeOffset? ExpiresAt);
