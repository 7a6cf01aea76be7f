namespace InterviewGateway.Infrastructure.Idempotency;

/// Idempotency keys, scoped per API key by the caller of this store. A claim (request running) lives
/// for `InProgressLease` only, so a crashed request blocks its key for minutes, not a day; a completed
/// response is kept for the full retention.
internal interface IIdempotencyStore
{
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(2);

    /// Claims the key for this request (returning the claim), or says why not (running, other body, or
    /// a stored response).
    Task<(IdempotencyState State, IdempotentResponse? Response, string? Claim)> BeginAsync(
        string key, string fingerprint, CancellationToken cancellationToken);

    /// Stores the response, if this request's claim is still the one held.
    Task CompleteAsync(string key, string claim, string fingerprint, IdempotentResponse response, TimeSpan ttl,
        CancellationToken cancellationToken);

    /// Forgets this request's claim (and nothing else): the request failed in a way a retry may fix.
    Task AbandonAsync(string key, string claim, string fingerprint, CancellationToken cancellationToken);
}
