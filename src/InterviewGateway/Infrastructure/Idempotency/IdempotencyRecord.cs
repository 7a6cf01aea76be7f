namespace InterviewGateway.Infrastructure.Idempotency;

/// `Claim` identifies the request that holds an in-progress record, so only that request can complete
/// or abandon it (a request that outlived its lease must not overwrite a later one's claim).
internal sealed record IdempotencyRecord(bool Done, string Fingerprint, IdempotentResponse? Response,
    string? Claim = null);
