using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record RecoverSubscriptionResponse(
    [property: Description("How many events were queued for redelivery")] int Enqueued);
