namespace InterviewGateway.Infrastructure.Idempotency;

internal static class IdempotencyRecords
{
    public static (IdempotencyState, IdempotentResponse?, string?) Judge(IdempotencyRecord? existing,
        string fingerprint) => existing switch
    {
        null => (IdempotencyState.InProgress, null, null),
        { Fingerprint: var f } when f != fingerprint => (IdempotencyState.Mismatch, null, null),
        { Done: true, Response: { } response } => (IdempotencyState.Replay, response, null),
        _ => (IdempotencyState.InProgress, null, null),
    };

    public static IdempotencyRecord Claimed(string fingerprint, string claim) => new(false, fingerprint, null, claim);

    public static string NewClaim() => Guid.NewGuid().ToString("N");
}
