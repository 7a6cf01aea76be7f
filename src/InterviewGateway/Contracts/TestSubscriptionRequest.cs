using System.ComponentModel;

namespace InterviewGateway.Contracts;

internal sealed record TestSubscriptionRequest(
    [property: Description("The sample event's type (default interview.completed)")] string? EventType);
