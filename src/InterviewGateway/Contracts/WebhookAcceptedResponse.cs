namespace InterviewGateway.Contracts;

internal sealed record WebhookAcceptedResponse(bool Accepted, bool Duplicate);
