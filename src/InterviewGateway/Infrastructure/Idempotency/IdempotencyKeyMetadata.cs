namespace InterviewGateway.Infrastructure.Idempotency;

/// Marks an endpoint as accepting Idempotency-Key (for the OpenAPI header parameter), and names the type
/// of its request body, which the filter fingerprints.
internal sealed record IdempotencyKeyMetadata(Type Body);
