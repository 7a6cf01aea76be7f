using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record RotatedSecretResponse(
    [property: Description("The new current secret; sign-checks should accept it from now on")] string Secret,
    [property: Description("Until when the previous secret also signs deliveries")] DateTimeOffset? PreviousExpiresAt);
