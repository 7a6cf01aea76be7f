using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record SubscriptionSecretsResponse(
    [property: Description("Current secret first, then any previous one still signing")]
    IReadOnlyList<SubscriptionSecretResponse> Secrets);
