namespace InterviewGateway.Infrastructure.Idempotency;

internal sealed record IdempotentResponse(int Status, string Body, string? Location);
